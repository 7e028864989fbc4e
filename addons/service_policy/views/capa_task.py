"""Pages of the rectification schedule's tasks (shown on their report's page)."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.workflow import N_

from ..models import CapaReport, CapaTask
from .common import ServiceModelView

TASK_LABELS = {
    "capa": _l("Corrective action report"), "description": _l("Task"),
    "owner": _l("Owner"), "due_on": _l("Due on"), "done_on": _l("Done on"),
    "flagged_at": _l("Reported overdue to QM"),
}


def open_reports(query):
    """Reports whose schedule may still change: not filed."""
    return query.filter(CapaReport.state != "filed").order_by(CapaReport.created_at.desc())


class CapaTaskView(ServiceModelView):
    titles = (N_("Rectification schedule"), N_("Rectification task"),
              N_("Add a rectification task"), N_("Edit a rectification task"))
    datamodel = SQLAInterface(CapaTask)
    base_permissions = ["can_list", "can_show", "can_add", "can_edit"]
    choice_filters = {"capa": open_reports}
    list_columns = ["capa", "description", "owner", "due_on", "done_on", "flagged_at"]
    add_columns = ["capa", "description", "owner", "due_on"]
    edit_columns = ["description", "owner", "due_on", "done_on"]
    show_columns = list_columns
    search_columns = ["capa", "owner", "due_on", "done_on"]
    label_columns = TASK_LABELS
    form_examples = {"owner": "技术部 王工"}
