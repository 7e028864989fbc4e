"""REST resources of corrective / preventive action reports."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import CapaReport

FIELDS = ["requests", "severity", "nonconformity", "returned_quantity", "root_cause",
          "actions"]


class CapaReportApi(ErpModelRestApi):
    """``POST /<id>/submit``, ``/review`` (``reason``: the effectiveness review),
    ``/reopen`` (``reason``), ``/file``."""

    resource_name = "capa_report"
    datamodel = SQLAInterface(CapaReport)
    base_permissions = ["can_get", "can_info", "can_post", "can_put"]
    list_columns = show_columns = ["id", "site_id", "number", "state", "severity", "owner",
                                   "filed_with_qm", "requests.id", "nonconformity",
                                   "returned_quantity", "root_cause", "actions",
                                   "effectiveness_review", "reviewed_at", "reviewed_by_id",
                                   "filed_at", "filed_by_id", "created_at", "version"]
    add_columns = edit_columns = FIELDS
