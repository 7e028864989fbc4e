"""Pages of service dispatches."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView

from ..common import LABELS
from ..models import ServiceDispatch
from ..vocab import DISPATCH_STATES


class ServiceDispatchView(ErpModelView):
    list_title = _l("Dispatches")
    show_title = _l("Dispatch")
    add_title = _l("Dispatch a technician")
    edit_title = _l("Edit a dispatch")
    value_labels = {"state": DISPATCH_STATES}
    datamodel = SQLAInterface(ServiceDispatch)
    list_columns = ["request", "technician", "state", "agreed_on_site_at", "arrived_at",
                    "late_minutes", "departed_at", "called_in"]
    add_columns = ["request", "technician", "agreed_on_site_at"]
    edit_columns = ["agreed_on_site_at", "called_in"]
    show_columns = list_columns + ["version"]
    label_columns = LABELS
