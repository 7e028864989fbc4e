"""Days, weeks and months of a site: counted in the site's time zone.

Times are stored in UTC (naive, as ``core.models.utcnow``); a violation's local
date, week (Monday) and month are derived once, when it is written, from the
site's time zone (see ``models/sixs_violation.py``).
"""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from core.extensions import db
from core.models import Site

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def site_timezone(site_id: int) -> ZoneInfo:
    name = db.session.execute(select(Site.timezone).where(Site.id == site_id)).scalar()
    try:
        return ZoneInfo(name or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def local_time(moment_utc: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    return moment_utc.replace(tzinfo=datetime.timezone.utc).astimezone(zone)


def local_date(moment_utc: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    return local_time(moment_utc, zone).date()


def month_of(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def week_start(day: datetime.date) -> datetime.date:
    """Weeks run Monday to Sunday."""
    return day - datetime.timedelta(days=day.weekday())


def parse_month(text) -> tuple[datetime.date, datetime.date]:
    """``YYYY-MM`` -> (first day, first day of the next month); ValueError if bad."""
    match = MONTH_RE.match(text or "") if isinstance(text, str) else None
    if not match:
        raise ValueError(text)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= year <= 9998):
        raise ValueError(text)
    first = datetime.date(year, month, 1)
    return first, next_month_first(first)


def next_month_first(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def previous_month(month: str) -> str:
    first, _next = parse_month(month)
    return month_of(first - datetime.timedelta(days=1))


def shift_month(month: str, months: int) -> str:
    first, _next = parse_month(month)
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def fridays(month: str) -> list[datetime.date]:
    first, next_first = parse_month(month)
    day = first + datetime.timedelta(days=(4 - first.weekday()) % 7)
    result = []
    while day < next_first:
        result.append(day)
        day += datetime.timedelta(days=7)
    return result


def parse_time(text, default: str) -> datetime.time:
    """``HH:MM`` of a setting; a malformed value falls back to ``default``."""
    match = TIME_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        match = TIME_RE.match(default)
    return datetime.time(int(match.group(1)), int(match.group(2)))


def weekday_number(text, default: str) -> int:
    from .vocab import WEEKDAYS

    name = text.strip().lower() if isinstance(text, str) else ""
    return WEEKDAYS.index(name) if name in WEEKDAYS else WEEKDAYS.index(default)
