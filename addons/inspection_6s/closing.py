"""Closing a 6S month: freeze its figures and hand them on.

For each person with a deduction, a reward or a penalty the event
``inspection_6s.month_closed`` goes out (payload in the event contract); the
penalties addon, where enabled on the site, turns it into records for HR.  The
``sixs_month_close`` row (unique per site and month) is written in the same
transaction, so closing twice does nothing the second time.
"""
from __future__ import annotations

import decimal

from sqlalchemy import select

from core import clock
from core.events import emit
from core.extensions import db
from core.models import utcnow

from .models import SixsMonthClose, SixsViolation, SixsWeeklySelection
from .rules import Rules
from .scoring import closed_month, compute_monthly

EVENT = "inspection_6s.month_closed"


def has_money(row: dict) -> bool:
    return any(decimal.Decimal(row[key]) != 0
               for key in ("deduction_yuan", "reward_yuan", "penalty_yuan"))


def close_month(site_id: int, month: str) -> SixsMonthClose | None:
    """Close ``month`` of the site; None if it was closed already."""
    clock.parse_month(month)
    if closed_month(site_id, month) is not None:
        return None
    rules = Rules.for_site(site_id)
    results = compute_monthly(site_id, month, rules)
    row = SixsMonthClose(site_id=site_id, month=month, closed_at=utcnow(),
                         rules=rules.as_json(), results=results, events=0)
    db.session.add(row)
    db.session.flush()  # a concurrent close loses here, before any event goes out
    for result in results:
        if not has_money(result):
            continue
        emit(EVENT, site_id, month=month, person_id=result["person_id"],
             points=result["points"], deduction_yuan=result["deduction_yuan"],
             reward_yuan=result["reward_yuan"], penalty_yuan=result["penalty_yuan"],
             violations=result["violations"], cleanup_failures=result["cleanup_failures"],
             best_count=result["best_count"], worst_count=result["worst_count"],
             source_ref=f"inspection_6s:{month}:{result['person_id']}")
        row.events += 1
    db.session.flush()
    return row


def months_to_close(site_id: int, current_month: str) -> list[str]:
    """Months before ``current_month`` with any violation or selection, not closed."""
    months = set(db.session.execute(
        select(SixsViolation.month).where(SixsViolation.site_id == site_id,
                                          SixsViolation.month < current_month)
        .distinct()).scalars())
    months |= set(db.session.execute(
        select(SixsWeeklySelection.month).where(SixsWeeklySelection.site_id == site_id,
                                                SixsWeeklySelection.month < current_month)
        .distinct()).scalars())
    closed = set(db.session.execute(
        select(SixsMonthClose.month).where(SixsMonthClose.site_id == site_id)).scalars())
    return sorted(months - closed)
