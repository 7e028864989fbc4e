"""Days and months counted in the site's time zone; times stored as naive UTC.

A violation at 2026-11-30 17:00 UTC happened on 2026-12-01 in Shanghai and counts
for December: every month and appeal deadline here is computed from the local date.
"""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from core.extensions import db
from core.jobs import period_key
from core.models import Site
from core.workflow import InvalidInput

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
UTC = datetime.timezone.utc


def site_timezone(site_id: int) -> str:
    site = db.session.get(Site, site_id)
    return site.timezone if site is not None and site.timezone else "Asia/Shanghai"


def local(moment_utc: datetime.datetime, timezone: str) -> datetime.datetime:
    return moment_utc.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))


def month_of(moment_utc: datetime.datetime, timezone: str) -> str:
    """``YYYY-MM`` of the site-local month ``moment_utc`` falls in."""
    return period_key(moment_utc, timezone, "month")


def parse_month(text, field: str = "month") -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); anything else is 422 with a message."""
    match = MONTH_RE.match(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 \
            or not 1900 <= int(match.group(1)) <= 2999:
        raise InvalidInput({field: [_("Give the month as YYYY-MM, for example 2026-11.")]})
    return int(match.group(1)), int(match.group(2))


def parse_year(text, field: str = "year") -> int:
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}", text) \
            or not 1900 <= int(text) <= 2999:
        raise InvalidInput({field: [_("Give the year as YYYY, for example 2026.")]})
    return int(text)


def _local_start(year: int, month: int, timezone: str) -> datetime.datetime:
    start = datetime.datetime(year, month, 1, tzinfo=ZoneInfo(timezone))
    return start.astimezone(UTC).replace(tzinfo=None)


def month_bounds(year: int, month: int, timezone: str) -> tuple[datetime.datetime,
                                                                 datetime.datetime]:
    """[start, end) of a site-local month, as naive UTC."""
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return _local_start(year, month, timezone), _local_start(*following, timezone)


def year_bounds(year: int, timezone: str) -> tuple[datetime.datetime, datetime.datetime]:
    return _local_start(year, 1, timezone), _local_start(year + 1, 1, timezone)


def appeal_last_day(decided_at: datetime.datetime, timezone: str, days: int) -> datetime.date:
    """The last local day on which an appeal is accepted: the day of HR's decision
    plus ``days`` calendar days.  A decision on 3 November (local) with 7 days may
    be appealed through 10 November 23:59:59 local; from 11 November 00:00 it is late."""
    return local(decided_at, timezone).date() + datetime.timedelta(days=days)


def appeal_open(decided_at: datetime.datetime, now_utc: datetime.datetime, timezone: str,
                days: int) -> bool:
    return local(now_utc, timezone).date() <= appeal_last_day(decided_at, timezone, days)
