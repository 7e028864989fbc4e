"""REST resources of service routing rules."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ServiceRoutingRule


class ServiceRoutingRuleApi(ErpModelRestApi):
    resource_name = "service_routing_rule"
    datamodel = SQLAInterface(ServiceRoutingRule)
    list_columns = show_columns = ["id", "site_id", "severity", "routed_to",
                                   "final_inspection", "filed_with_qm", "capa_owner"]
    add_columns = edit_columns = ["severity", "routed_to", "final_inspection",
                                  "filed_with_qm", "capa_owner"]
