"""Test helpers: a 6S site of its own per test (the session database is shared),
violations and selections written as the system would write them."""
from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

from sqlalchemy import select

from core import settings, sites
from core.extensions import db
from core.models import ErpUser, Site

from tests.fixtures import as_system

from ..models import SixsChecklistItem, SixsViolation, SixsWeeklySelection
from ..vocab import KIND_CLEANUP, KIND_ITEM

_numbers = itertools.count(1)
LOGIN_ROLES = {"manager": "Service Manager", "tech": "Technician", "admin": "Site Admin",
               "hr": "HR"}


def make_site(app, timezone="Asia/Shanghai", people=3) -> SimpleNamespace:
    """A new site enabling inspection_6s with people to score (Technicians) and
    users who log in with password ``demo``: ``<code>-manager``, ``-tech`` (also
    the first person), ``-admin`` and ``-hr``."""
    code = f"t6s{next(_numbers)}{datetime.datetime.now().strftime('%H%M%S%f')}"
    with as_system(app):
        security = app.appbuilder.sm
        site = Site(code=code, name=f"6S test {code}", timezone=timezone)
        db.session.add(site)
        db.session.flush()
        sites.enable(site, "inspection_6s")
        logins = {}
        for key, role_name in LOGIN_ROLES.items():
            user = security.add_user(f"{code}-{key}", key, code, f"{code}-{key}@example.com",
                                     security.find_role(role_name), password="demo")
            db.session.get(ErpUser, user.id).site_id = site.id
            logins[key] = user.id
        technician = security.find_role("Technician")
        person_ids = [logins["tech"]]
        for number in range(1, people):
            user = security.add_user(f"{code}-p{number}", f"P{number}", code,
                                     f"{code}-p{number}@example.com", technician,
                                     hashed_password="not-a-login")
            db.session.get(ErpUser, user.id).site_id = site.id
            person_ids.append(user.id)
        db.session.commit()
        return SimpleNamespace(id=site.id, code=code, people=person_ids, **logins)


def item_id(app, site_id, code="WS-13") -> int:
    with as_system(app, site_id):
        return db.session.execute(
            select(SixsChecklistItem.id).where(SixsChecklistItem.site_id == site_id,
                                               SixsChecklistItem.code == code)).scalar_one()


def violations(app, site_id, person_id, times, code="WS-13", kind=KIND_ITEM) -> list[int]:
    """Violations of ``person_id`` at the given UTC times."""
    checklist_item_id = item_id(app, site_id, code) if kind == KIND_ITEM else None
    with as_system(app, site_id):
        rows = [SixsViolation(site_id=site_id, person_id=person_id, kind=kind,
                              checklist_item_id=checklist_item_id, occurred_at=at)
                for at in times]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def cleanup_failures(app, site_id, person_id, times) -> list[int]:
    return violations(app, site_id, person_id, times, kind=KIND_CLEANUP)


def month_times(year, month, count, start_day=1, hour=2) -> list[datetime.datetime]:
    """``count`` UTC times on consecutive days of a month (10:00 in Shanghai)."""
    return [datetime.datetime(year, month, start_day + n, hour, 0) for n in range(count)]


def confirmed_selections(app, site_id, fridays, best=None, worst=None) -> list[int]:
    ids = []
    with as_system(app, site_id):
        for friday in fridays:
            row = SixsWeeklySelection(site_id=site_id, week_start=friday,
                                      best_person_id=best, worst_person_id=worst)
            db.session.add(row)
            db.session.flush()
            row.best_person_id, row.worst_person_id = best, worst
            row.apply_transition("confirm")
            db.session.flush()
            ids.append(row.id)
        db.session.commit()
    return ids


def score(app, site_id, month) -> dict[int, dict]:
    from ..scoring import monthly_scores

    with as_system(app, site_id):
        return {row["person_id"]: row for row in monthly_scores(site_id, month)}


def set_setting(app, site_id, key, value) -> None:
    with as_system(app, site_id):
        settings.set(site_id, f"inspection_6s.{key}", value)
        db.session.commit()
