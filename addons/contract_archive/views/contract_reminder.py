from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import ContractReminder
from ..models.contract_reminder import KINDS


class ContractReminderView(ErpModelView):
    """What the daily job reminded of: contracts ending soon, payments due."""

    datamodel = SQLAInterface(ContractReminder)
    base_permissions = ["can_list", "can_show"]
    titles = (N_("Contract reminders"), N_("Contract reminder"))
    value_labels = {"kind": KINDS}
    label_columns = {"kind": _l("Reminder"), "contract": _l("Contract"),
                     "payment": _l("Payment"), "due_date": _l("Due on"),
                     "made_at": _l("Reminded at")}
    list_columns = ["due_date", "kind", "contract", "payment", "made_at"]
    show_columns = list_columns
    search_columns = ["kind", "contract", "due_date"]
    order_columns = ["due_date", "made_at"]
