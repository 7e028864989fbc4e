"""Pages of service routing rules."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..models import ServiceRoutingRule
from ..vocab import SEVERITIES, routed_name
from .common import ServiceModelView


class ServiceRoutingRuleView(ServiceModelView):
    titles = (N_("Severity routing"), N_("Routing rule"), N_("Add a routing rule"),
              N_("Edit a routing rule"))
    value_labels = {"severity": SEVERITIES}
    datamodel = SQLAInterface(ServiceRoutingRule)
    list_columns = ["severity", "routed_to", "final_inspection", "filed_with_qm",
                    "capa_owner"]
    add_columns = show_columns = list_columns
    # a rule is the one of its severity: its severity is not changed
    edit_columns = [column for column in list_columns if column != "severity"]
    formatters_columns = {"routed_to": routed_name, "capa_owner": routed_name}
    form_walk_skip = {"add": "one rule per severity, and every severity has its rule: "
                             "a new one is always a duplicate"}
