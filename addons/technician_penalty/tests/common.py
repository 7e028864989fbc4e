"""Helpers shared by this addon's tests: people of their own, rows by API."""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import sites
from core.extensions import db
from core.models import ErpUser, utcnow

from tests.fixtures import api_token, as_system

SHANGHAI = ZoneInfo("Asia/Shanghai")


def gz_id(app) -> int:
    with as_system(app):
        return sites.get_site("gz").id


def make_person(app, username, role="Technician", first="Test", last=None, site="gz"):
    """A user of ``site`` with ``role`` (password demo), created once per session."""
    with as_system(app):
        security = app.appbuilder.sm
        user = security.find_user(username=username)
        if not user:
            user = security.add_user(username, first, last or username,
                                     f"{username}@example.com", security.find_role(role),
                                     password="demo")
            db.session.get(ErpUser, user.id).site_id = sites.get_site(site).id
            db.session.commit()
        return user.id


def rule_id(app, code, site="gz") -> int:
    from addons.technician_penalty.models.penalty_rule import rule_by_code

    with as_system(app):
        site_id = sites.get_site(site).id
    with as_system(app, site_id):
        rule = rule_by_code(site_id, code)
        db.session.commit()
        return rule.id


def local_time(year, month, day, hour=10, minute=0, second=0) -> str:
    """A Shanghai wall-clock time as an ISO UTC string for the API."""
    moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None).isoformat()


def propose(client, headers, technician_id, code, app, occurred_at=None, **extra):
    body = {"technician_id": technician_id, "rule_id": rule_id(app, code),
            "occurred_at": occurred_at or (utcnow() - datetime.timedelta(hours=2)).isoformat(),
            "evidence": extra.pop("evidence", f"{code} seen by the service manager")}
    body.update(extra)
    response = client.post("/api/v1/penalty_record/", headers=headers, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def act(client, headers, record_id, action, **body):
    return client.post(f"/api/v1/penalty_record/{record_id}/{action}", headers=headers,
                       json=body)


def finalise(client, app, technician_id, code, occurred_at=None, decision=None, **extra):
    """Propose (service manager), verify, approve (HR): a final record's id."""
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    record_id = propose(client, manager, technician_id, code, app, occurred_at, **extra)
    assert act(client, manager, record_id, "verify").status_code == 200
    response = act(client, hr, record_id, "hr_approve", **(decision or {}))
    assert response.status_code == 200, response.json
    return record_id


def record(app, record_id):
    from addons.technician_penalty.models import PenaltyRecord

    with as_system(app):
        return db.session.execute(
            select(PenaltyRecord).where(PenaltyRecord.id == record_id)).scalar_one()


import contextlib  # noqa: E402


@contextlib.contextmanager
def listening(app, event):
    """Record deliveries of ``event`` through the host's real event registry."""
    heard = []
    listeners = app.extensions["erp_event_listeners"]
    listeners.setdefault(event, []).append(("technician_penalty",
                                            lambda **payload: heard.append(payload)))
    try:
        yield heard
    finally:
        listeners[event].pop()
