from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ContractClaim


class ContractClaimApi(ErpModelRestApi):
    """Claims under contracts: draft, ``submit``, ``approve`` (at most the amount
    claimed; ``amount_approved`` may be set while submitted) or ``reject``."""

    resource_name = "contract_claim"
    datamodel = SQLAInterface(ContractClaim)
    exclude_route_methods = {"delete"}
    list_columns = ["id", "site_id", "contract_id", "number", "description", "claimant",
                    "amount_claimed", "amount_approved", "state", "version"]
    show_columns = list_columns + ["submitted_at", "decided_at", "decision_reason"]
    add_columns = ["contract", "number", "description", "claimant", "amount_claimed"]
    edit_columns = add_columns + ["amount_approved"]
    order_columns = ["id", "number", "state"]
