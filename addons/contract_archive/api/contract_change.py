from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ContractChange


class ContractChangeApi(ErpModelRestApi):
    """Changes of signed contracts: draft, ``submit``, ``approve`` (the contract's
    amount and dates move, before and after kept here) or ``reject`` (reason)."""

    resource_name = "contract_change"
    datamodel = SQLAInterface(ContractChange)
    exclude_route_methods = {"delete"}
    list_columns = ["id", "site_id", "contract_id", "number", "description", "amount_delta",
                    "new_start_date", "new_end_date", "state", "version"]
    show_columns = list_columns + ["amount_before", "amount_after", "start_before",
                                   "start_after", "end_before", "end_after", "submitted_at",
                                   "decided_at", "decision_reason"]
    add_columns = edit_columns = ["contract", "number", "description", "amount_delta",
                                  "new_start_date", "new_end_date"]
    order_columns = ["id", "number", "state"]
