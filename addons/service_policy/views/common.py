"""What every page of this addon shares: its templates and its labels."""
import os

from core.base import ErpModelView

from ..common import LABELS

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


class ServiceModelView(ErpModelView):
    template_folder = TEMPLATES
    label_columns = LABELS
