from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ContractPayment


class ContractPaymentApi(ErpModelRestApi):
    """Planned payments of contracts (the budget) and, once made, what was paid."""

    resource_name = "contract_payment"
    datamodel = SQLAInterface(ContractPayment)
    list_columns = show_columns = ["id", "site_id", "contract_id", "description", "due_date",
                                   "amount", "paid_on", "paid_amount"]
    add_columns = edit_columns = ["contract", "description", "due_date", "amount", "paid_on",
                                  "paid_amount"]
    order_columns = ["due_date", "id", "paid_on"]
