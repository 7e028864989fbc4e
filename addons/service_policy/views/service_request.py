"""Pages of service requests."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..common import REQUEST_FIELDS, REQUEST_COMPUTED
from ..models import ServiceRequest
from ..vocab import REQUEST_VALUES, routed_name
from .common import ServiceModelView


class ServiceRequestView(ServiceModelView):
    titles = (N_("Service requests"), N_("Service request"), N_("New service request"),
              N_("Edit a service request"))
    value_labels = REQUEST_VALUES
    choice_depends = {"unit": "customer"}
    # the dispatch button opens a new dispatch of this request
    transition_links = {"dispatch": ("ServiceDispatchView.add", "request")}
    datamodel = SQLAInterface(ServiceRequest)
    list_columns = ["number", "state", "severity", "category", "customer", "received_at",
                    "answer_due_at", "warranty_status"]
    add_columns = [c for c in REQUEST_FIELDS if c != "attitude_technician_id"]
    edit_columns = ["description", "order_number", "part_number", "ship_date", "quantity",
                    "defective_quantity"]
    show_columns = REQUEST_COMPUTED[:2] + REQUEST_FIELDS[:-1] + REQUEST_COMPUTED[2:] + \
        ["version"]
    search_columns = ["number", "state", "severity", "category", "customer", "consultation"]
    formatters_columns = {"routed_to": routed_name, "capa_owner": routed_name}
