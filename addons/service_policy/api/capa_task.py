"""REST resources of the rectification schedule's tasks."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import CapaTask


class CapaTaskApi(ErpModelRestApi):
    resource_name = "capa_task"
    datamodel = SQLAInterface(CapaTask)
    base_permissions = ["can_get", "can_info", "can_post", "can_put"]
    list_columns = show_columns = ["id", "site_id", "capa_id", "description", "owner",
                                   "due_on", "done_on", "flagged_at"]
    add_columns = ["capa", "description", "owner", "due_on", "done_on"]
    edit_columns = ["description", "owner", "due_on", "done_on"]
