"""What every page of this addon shares."""
import os

from core.base import ErpModelView

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


class ContractModelView(ErpModelView):
    template_folder = TEMPLATES
