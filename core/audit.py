"""The audit trail: one append-only row per create, update, delete and transition.

Rows are written at flush with plain SQL on the flushing connection, so they
commit or roll back with the change they describe.  Nothing updates or deletes
them: the ORM refuses, no view or API offers it, and on PostgreSQL a trigger
refuses it in the database itself.
"""
from __future__ import annotations

import datetime
import decimal
import enum

from flask import has_request_context
from flask_appbuilder import Model
from sqlalchemy import JSON, Column, DateTime, Integer, String, Text, event, inspect
from sqlalchemy.orm import Session

from core.context import current_system_context, request_principal
from core.indexes import list_indexes
from core.mixins import SiteScoped
from core.names import action_name, computed, model_name, state_name
from core.models import utcnow


class AuditLog(SiteScoped, Model):
    __tablename__ = "audit_log"
    __table_args__ = list_indexes("audit_log")
    __audited__ = False
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    user_id = Column(Integer)
    username = Column(String(64), nullable=False)
    model = Column(String(64), nullable=False, index=True)
    row_id = Column(Integer, nullable=False, index=True)
    action = Column(String(32), nullable=False)  # create, update, delete, or a transition
    from_state = Column(String(32))
    to_state = Column(String(32))
    reason = Column(Text)
    changes = Column(JSON)

    # the codes by name, for the pages (core.names); the API keeps the codes
    model_text = computed(model_name, "model")
    action_text = computed(action_name, "model", "action")
    from_state_text = computed(state_name, "model", "from_state")
    to_state_text = computed(state_name, "model", "to_state")


class AppendOnly(Exception):
    """Audit rows are never changed or removed."""


def _actor() -> tuple[int | None, str]:
    if has_request_context():
        user = request_principal()
        if user is not None:
            return user.id, user.username
    if current_system_context() is not None:
        return None, "system"
    return None, "anonymous"


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _column_changes(target, created: bool) -> dict:
    state = inspect(target)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in ("version",):
            continue
        history = state.attrs[attr.key].history
        if created:
            value = getattr(target, attr.key)
            if value is not None and attr.key != "id":
                changes[attr.key] = [None, _plain(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _audited(target) -> bool:
    return isinstance(target, SiteScoped) and getattr(target, "__audited__", True)


@event.listens_for(Session, "after_flush")
def _write_audit_rows(session, flush_context) -> None:
    user_id, username = _actor()
    rows = []
    for kind, targets in (("create", session.new), ("update", session.dirty),
                          ("delete", session.deleted)):
        for target in targets:
            if not _audited(target):
                continue
            transition = target.__dict__.pop("_erp_transition", None)
            changes = {} if kind == "delete" else _column_changes(target, kind == "create")
            if kind == "update" and not changes and transition is None:
                continue
            identity = inspect(target).identity
            row = {"at": utcnow(), "user_id": user_id, "username": username,
                   "site_id": target.site_id, "model": target.__tablename__,
                   "row_id": identity[0] if identity else target.id,
                   "action": kind, "from_state": None, "to_state": None,
                   "reason": None, "changes": changes or None}
            if transition is not None:
                name, source, destination, reason = transition
                row.update(action=name, from_state=source, to_state=destination,
                           reason=reason)
            rows.append(row)
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)


@event.listens_for(AuditLog, "before_update")
@event.listens_for(AuditLog, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AppendOnly("audit rows are append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state) -> None:
    if (state.is_update or state.is_delete) and any(
            mapper.class_ is AuditLog for mapper in state.all_mappers):
        raise AppendOnly("audit rows are append-only")


POSTGRES_GUARD = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""
