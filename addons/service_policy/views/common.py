"""What every page of this addon shares: its labels."""
from core.base import ErpModelView

from ..common import LABELS


class ServiceModelView(ErpModelView):
    label_columns = LABELS
