from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import SixsMonthClose


class SixsMonthCloseView(ErpModelView):
    """Read-only: months are closed by the monthly job."""

    datamodel = SQLAInterface(SixsMonthClose)
    base_permissions = ["can_list", "can_show"]
    titles = (N_("Closed 6S months"), N_("Closed 6S month"))
    list_columns = ["month", "closed_at", "events"]
    show_columns = ["month", "closed_at", "events", "rules", "results"]
    order_columns = ["month"]
    label_columns = {"month": _l("Month"), "closed_at": _l("Closed at"),
                     "events": _l("People handed on"), "rules": _l("Rules"),
                     "results": _l("Figures")}
