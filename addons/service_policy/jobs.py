"""Scheduled jobs of service policy; each runs per site in system_context(site)."""
from __future__ import annotations

import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from core import clock, settings
from core.extensions import db
from core.models import ErpUser, utcnow

from .models import (CapaReport, CapaTask, ServiceEscalation, ServiceNotification, ServiceRecord,
                     ServiceRequest)

ESCALATE_TO_ROLE = "Service Manager"


def service_managers(site_id: int) -> list[ErpUser]:
    return [user for user in db.session.execute(
        select(ErpUser).where(ErpUser.site_id == site_id, ErpUser.active.is_(True))
    ).scalars() if any(role.name == ESCALATE_TO_ROLE for role in user.roles)]


def escalate_sla(site_id: int, period: str, now: datetime.datetime | None = None) -> int:
    """Escalate each request unanswered past its deadline, exactly once.  A request
    already escalated is skipped; should two workers race, the unique escalation
    row fails one of them whole (rolled back, nothing notified twice)."""
    now = now or utcnow()
    overdue = db.session.execute(select(ServiceRequest).where(
        ServiceRequest.site_id == site_id,
        ServiceRequest.answered_at.is_(None),
        ServiceRequest.answer_due_at < now,
        ServiceRequest.sla_breached_at.is_(None))).scalars().all()
    escalated = 0
    managers = service_managers(site_id)
    done = set(db.session.execute(select(ServiceEscalation.request_id).where(
        ServiceEscalation.site_id == site_id)).scalars())
    for request in overdue:
        if request.id in done:
            continue
        db.session.add(ServiceEscalation(site_id=site_id, request_id=request.id,
                                         escalated_at=now, notified=len(managers)))
        request.sla_breached_at = now
        for manager in managers:
            db.session.add(ServiceNotification(
                site_id=site_id, user_id=manager.id, request_id=request.id,
                message=_("Request %(number)s was not answered within %(hours)s hours.",
                          number=request.number, hours=settings.get(
                              site_id, "service_policy.answer_within_hours"))))
        escalated += 1
    db.session.flush()
    return escalated


def flag_late_records(site_id: int, period: str, today: datetime.date | None = None) -> int:
    """Flag service records handed in more than N days (default 2) after the return."""
    today = today or clock.today(site_id)
    days = settings.get(site_id, "service_policy.record_hand_in_days")
    flagged = 0
    for record in db.session.execute(select(ServiceRecord).where(
            ServiceRecord.site_id == site_id, ServiceRecord.late.is_(False))).scalars():
        if record.is_late(today, days):
            record.late = True
            flagged += 1
    db.session.flush()
    return flagged


QUALITY_ROLE = "Quality"


def flag_overdue_capa_tasks(site_id: int, period: str,
                            today: datetime.date | None = None) -> int:
    """Tell quality management, once per task, of each rectification task past its
    due day and not done, of the reports the routing files with QM (major and
    important by default) that are not reviewed yet [002 §5.2.8]."""
    today = today or clock.today(site_id)
    overdue = db.session.execute(select(CapaTask).join(CapaReport).where(
        CapaTask.site_id == site_id, CapaTask.done_on.is_(None),
        CapaTask.flagged_at.is_(None), CapaTask.due_on < today,
        CapaReport.filed_with_qm.is_(True),
        CapaReport.state.in_(("draft", "rectifying"))).order_by(CapaTask.id)).scalars().all()
    quality = [user for user in db.session.execute(
        select(ErpUser).where(ErpUser.site_id == site_id, ErpUser.active.is_(True))
    ).scalars() if any(role.name == QUALITY_ROLE for role in user.roles)]
    now = utcnow()
    for task in overdue:
        task.flagged_at = now
        request = task.capa.requests[0] if task.capa.requests else None
        for user in quality:
            db.session.add(ServiceNotification(
                site_id=site_id, user_id=user.id,
                request_id=request.id if request else None,
                message=_("Task of %(number)s (%(owner)s) was due on %(due)s and is not "
                          "done.", number=task.capa.number, owner=task.owner,
                          due=task.due_on.isoformat())[:255]))
    db.session.flush()
    return len(overdue)
