from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import select

from core.audit import AuditLog
from core.base import ErpFileApi, report_endpoint
from core.context import system_context
from core.extensions import db

from ..models import PenaltyRecord
from ..models.penalty_record import DECISION_KEYS


def record_history(api, pk):
    item = api.row_or_404(pk)
    # whoever may see the record may see its history (HR, its technician...);
    # the record was loaded through the scoped ORM just above
    with system_context(item.site_id):
        rows = db.session.execute(
            select(AuditLog).where(AuditLog.site_id == item.site_id,
                                   AuditLog.model == PenaltyRecord.__tablename__,
                                   AuditLog.row_id == item.id)
            .order_by(AuditLog.id)).scalars().all()
        result = [{"at": row.at.isoformat(), "username": row.username,
                   "action": row.action, "from_state": row.from_state,
                   "to_state": row.to_state, "reason": row.reason} for row in rows]
    return api.response(200, id=pk, result=result)


class PenaltyRecordApi(ErpFileApi):
    """Penalty and reward records: propose (``POST``), edit while proposed (``PUT``),
    one evidence file (``POST/GET /<id>/file``) and the transitions
    ``POST /<id>/<action>``.  HR's transitions take their decision in the body:
    ``hr_approve`` of a phone-off record ``{"phone_option": "forfeit"|"fine"}``;
    ``hr_change`` and ``hr_amend`` ``{"sanction", "amount", "quantity", "reason"}``.
    Records are never deleted."""

    resource_name = "penalty_record"
    datamodel = SQLAInterface(PenaltyRecord)
    exclude_route_methods = {"delete"}
    list_columns = ["id", "site_id", "technician_id", "rule_id", "rule.code", "rule.name",
                    "occurred_at", "evidence", "source_kind", "source_ref", "source_id",
                    "sanction", "amount", "quantity", "state", "final_sanction",
                    "final_amount", "final_quantity", "version"]
    show_columns = list_columns + ["source_detail", "verified_at", "decided_at",
                                   "decision_reason", "appealed_at", "appeal_reason",
                                   "appeal_decided_at", "appeal_decision_reason",
                                   "file_name", "file_size", "file_sha256"]
    add_columns = edit_columns = ["technician_id", "rule_id", "occurred_at", "evidence",
                                  "amount"]
    order_columns = ["occurred_at", "id", "state", "technician_id", "rule_id"]

    def pre_transition(self, item, action: str, body: dict) -> None:
        """HR's decision rides in the body: ``phone_option`` when approving a
        phone-off record, ``sanction`` / ``amount`` / ``quantity`` when changing one."""
        item.pending_decision = {key: body[key] for key in DECISION_KEYS if key in body}

    history = report_endpoint(
        "history", record_history, "Every step of the record: who, when, from, to and why",
        [], "The record's audit rows, oldest first", url="/<int:pk>/history")
