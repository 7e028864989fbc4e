from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ExpenseClaim


class ExpenseClaimApi(ErpModelRestApi):
    """Travel-expense claims: ``POST`` files one for the caller's own trip, ``PUT``
    changes it while it is a draft or rejected, and the transitions
    ``POST /<id>/submit | approve | finance_approve | pay | reject | mark_fraud``
    (``reject`` and ``mark_fraud`` need ``{"reason": …}``).  Claims are never
    deleted."""

    resource_name = "expense_claim"
    datamodel = SQLAInterface(ExpenseClaim)
    exclude_route_methods = {"delete"}
    list_columns = ["id", "site_id", "claimant_id", "destination", "trip_start", "trip_end",
                    "purpose", "dispatch_ids", "organisation", "state", "fraud", "total",
                    "reimbursable_total", "trip_days", "version"]
    show_columns = list_columns + ["submitted_at", "manager_approved_at",
                                   "manager_approver_id", "finance_approved_at",
                                   "finance_approver_id", "paid_at", "rejected_at",
                                   "reject_reason"]
    add_columns = edit_columns = ["destination", "trip_start", "trip_end", "purpose",
                                  "dispatch_ids"]
    order_columns = ["trip_start", "id", "state", "claimant_id", "destination"]
    search_columns = ["claimant", "destination", "state", "trip_start", "trip_end"]
