"""Pages of corrective / preventive action reports, with their schedule of tasks."""
from __future__ import annotations

from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from core.workflow import N_

from ..models import CapaReport
from ..vocab import SEVERITIES, routed_name
from .capa_task import CapaTaskView
from .common import ServiceModelView

CAPA_STATES = {"draft": _l("Draft"), "rectifying": _l("Rectifying"),
               "reviewed": _l("Effectiveness reviewed"), "filed": _l("Filed")}
CAPA_LABELS = {
    "number": _l("Number"), "state": _l("State"), "severity": _l("Severity"),
    "owner": _l("CAPA owner"), "filed_with_qm": _l("Followed by QM"),
    "requests": _l("Requests answered"), "nonconformity": _l("Nonconformity"),
    "returned_quantity": _l("Returned products (pieces)"), "root_cause": _l("Root cause"),
    "actions": _l("Corrective and preventive actions"),
    "effectiveness_review": _l("Effectiveness review"), "reviewed_at": _l("Reviewed at"),
    "reviewed_by": _l("Reviewed by"), "filed_at": _l("Filed at"),
    "filed_by": _l("Filed by"), "created_at": _l("Written"), "version": _l("Version"),
}
FIELDS = ["requests", "severity", "nonconformity", "returned_quantity", "root_cause",
          "actions"]


class CapaReportView(ServiceModelView):
    transition_template = "service_policy/capa_report_transition.html"
    titles = (N_("Corrective actions"), N_("Corrective / preventive action report"),
              N_("New corrective action report"), N_("Edit a corrective action report"))
    datamodel = SQLAInterface(CapaReport)
    base_permissions = ["can_list", "can_show", "can_add", "can_edit", "can_transition"]
    value_labels = {"state": CAPA_STATES, "severity": SEVERITIES}
    related_views = [CapaTaskView]
    list_columns = ["number", "state", "severity", "owner", "nonconformity",
                    "returned_quantity", "created_at"]
    add_columns = edit_columns = FIELDS
    show_columns = ["number", "state", "severity", "owner", "filed_with_qm", "requests",
                    "nonconformity", "returned_quantity", "root_cause", "actions",
                    "effectiveness_review", "reviewed_at", "reviewed_by", "filed_at",
                    "filed_by", "created_at", "version"]
    search_columns = ["number", "state", "severity"]
    label_columns = CAPA_LABELS
    formatters_columns = {"owner": routed_name}
    # empty: the pieces received by the warranty returns of the requests' records
    add_form_extra_fields = edit_form_extra_fields = {"returned_quantity": IntegerField(
        CAPA_LABELS["returned_quantity"], validators=[Optional(), NumberRange(min=0)],
        widget=BS3TextFieldWidget(),
        description=_l("Empty: the pieces counted by the warranty returns of the "
                       "requests' service records."))}
    form_examples = {"returned_quantity": "3"}
    form_walk_skip = {"add": "a report answers at least one request, picked from a "
                             "multiple choice, which the walk does not fill (the API "
                             "tests create reports)"}
