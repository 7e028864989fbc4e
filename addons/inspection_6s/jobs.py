"""Scheduled jobs (see the manifest).  Each runs once per (job, site, period) in
the site's time zone, inside ``system_context(site_id)``; each is also safe to run
twice on its own."""
from __future__ import annotations

import datetime

from sqlalchemy import select

from core import clock, settings
from core.extensions import db

from .closing import close_month as close_one_month
from .closing import months_to_close
from .models import SixsWeeklySelection
from .scoring import closed_month
from .vocab import FRIDAY


def propose_weekly(site_id: int, period: str) -> None:
    """Hourly: from Friday's ``selection_time`` (default 20:00, after the 18:00
    clean-up) to Sunday, make sure the week has its proposed best and worst."""
    local = datetime.datetime.strptime(period, "%Y-%m-%dT%H")
    at = settings.get(site_id, "inspection_6s.selection_time")
    if local.weekday() < FRIDAY:
        return
    if local.weekday() == FRIDAY and local.hour < at.hour + (at.minute > 0):
        return
    ensure_week_selection(site_id, clock.week_start(local.date()))


def ensure_week_selection(site_id: int, week_start: datetime.date):
    """The week's selection, proposed now if it has none; None when the month its
    Friday falls in is closed already (nothing can be selected for it any more)."""
    friday = week_start + datetime.timedelta(days=FRIDAY)
    if closed_month(site_id, clock.month_of(friday)) is not None:
        return None
    row = db.session.execute(
        select(SixsWeeklySelection).where(SixsWeeklySelection.site_id == site_id,
                                          SixsWeeklySelection.week_start == week_start)
    ).scalar_one_or_none()
    if row is None:
        row = SixsWeeklySelection(site_id=site_id, week_start=week_start)
        db.session.add(row)
        db.session.flush()  # fills the proposal
    return row


def close_month(site_id: int, period: str) -> None:
    """Monthly: close every month before this one that has 6S facts and is not
    closed yet (normally just last month; more after a long outage)."""
    for month in months_to_close(site_id, period):
        close_one_month(site_id, month)
