from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import ContractPayment


class ContractPaymentView(ErpModelView):
    datamodel = SQLAInterface(ContractPayment)
    titles = (N_("Contract payments"), N_("Contract payment"), N_("Plan a contract payment"),
              N_("Edit a contract payment"))
    label_columns = {
        "contract": _l("Contract"), "description": _l("Payment for"),
        "due_date": _l("Due on"), "amount": _l("Amount planned"), "paid_on": _l("Paid on"),
        "paid_amount": _l("Amount paid"),
    }
    list_columns = ["contract", "description", "due_date", "amount", "paid_on",
                    "paid_amount"]
    show_columns = list_columns
    add_columns = edit_columns = list_columns
    search_columns = ["contract", "due_date", "paid_on"]
    order_columns = ["due_date", "paid_on", "amount"]
    form_examples = {"paid_on": "", "paid_amount": ""}
