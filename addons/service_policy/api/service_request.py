"""REST resources of service requests."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..common import REQUEST_FIELDS, REQUEST_COMPUTED
from ..models import ServiceRequest


class ServiceRequestApi(ErpModelRestApi):
    resource_name = "service_request"
    datamodel = SQLAInterface(ServiceRequest)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "customer_id", "unit_id",
                                   "version"] + REQUEST_COMPUTED + [
        c for c in REQUEST_FIELDS if c not in ("customer", "unit")]
    add_columns = REQUEST_FIELDS
    edit_columns = ["description", "order_number", "part_number", "ship_date", "quantity",
                    "defective_quantity"]
    search_columns = ["number", "state", "severity", "category", "consultation",
                      "customer", "received_at"]
    order_columns = ["received_at", "answer_due_at", "number", "severity", "state"]
