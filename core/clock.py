"""The site clock: a site's time zone, its days, weeks and months.

Times are stored in UTC (naive, as ``core.models.utcnow``); a site counts its days
and months in its own zone (``Site.timezone``, else ``DEFAULT_SITE_TIMEZONE`` of the
configuration).  A violation at 2026-11-30 17:00 UTC happened on 2026-12-01 in a
UTC+8 site and counts for December.  Addons ask this module, never compute a zone
or a month themselves.

Months are written ``YYYY-MM``; weeks run Monday to Sunday.
"""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.models import Site, utcnow
from core.workflow import InvalidInput

UTC = datetime.timezone.utc
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
YEAR_RE = re.compile(r"^\d{4}$")
FIRST_YEAR, LAST_YEAR = 1900, 2999
PERIOD_FORMATS = {
    "minute": "%Y-%m-%dT%H:%M",
    "hour": "%Y-%m-%dT%H",
    "day": "%Y-%m-%d",
    "week": "%G-W%V",
    "month": "%Y-%m",
}


class BadPeriod(InvalidInput, ValueError):
    """A month or year that is not one (HTTP 422 with a message for the field)."""


def default_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["DEFAULT_SITE_TIMEZONE"])


def as_zone(zone: ZoneInfo | str | None) -> ZoneInfo:
    """A zone from its name; the configured default for none or an unknown name."""
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(zone) if zone else default_zone()
    except (ZoneInfoNotFoundError, ValueError):
        return default_zone()


def site_zone(site_id: int | None) -> ZoneInfo:
    """The zone ``site_id`` counts its days in (read with plain SQL: no scope)."""
    name = db.session.execute(select(Site.timezone).where(Site.id == site_id)).scalar() \
        if site_id is not None else None
    return as_zone(name)


def local(moment_utc: datetime.datetime, zone) -> datetime.datetime:
    """A stored (naive UTC) time as an aware time of ``zone``."""
    return moment_utc.replace(tzinfo=UTC).astimezone(as_zone(zone))


def local_date(moment_utc: datetime.datetime, zone) -> datetime.date:
    return local(moment_utc, zone).date()


def local_dates(zone):
    """``local_date`` for many stored times, mostly in order (an export's rows): a
    function of the stored time that keeps the current local day's [start, end) in
    UTC, so a time of the same day costs two comparisons instead of a zone
    conversion.  Exact across daylight-saving changes: each day's bounds are its
    first instants, computed by the zone."""
    zone = as_zone(zone)
    day, start, end = None, None, None

    def date_of(moment_utc: datetime.datetime) -> datetime.date:
        nonlocal day, start, end
        if day is None or not start <= moment_utc < end:
            day = local_date(moment_utc, zone)
            start = _day_start(day, zone)
            end = _day_start(day + datetime.timedelta(days=1), zone)
        return day

    return date_of


def _day_start(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    """The first instant of a local day, as naive UTC.  A midnight skipped by a
    daylight-saving change reads with the offset before it (``fold=0``): that is the
    instant of the change, where the day starts."""
    start = datetime.datetime(day.year, day.month, day.day, tzinfo=zone)
    return start.astimezone(UTC).replace(tzinfo=None)


def today(site_id: int, now: datetime.datetime | None = None) -> datetime.date:
    """The site's local date at ``now`` (UTC; the present by default)."""
    return local_date(now or utcnow(), site_zone(site_id))


def this_month(site_id: int, now: datetime.datetime | None = None) -> str:
    return month_of(today(site_id, now))


def month_of(moment: datetime.date | datetime.datetime, zone=None) -> str:
    """``YYYY-MM`` of a local date, or of a stored UTC time counted in ``zone``."""
    if isinstance(moment, datetime.datetime):
        moment = local_date(moment, zone)
    return f"{moment.year:04d}-{moment.month:02d}"


def parse_month(text, field: str = "month") -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); anything else is :class:`BadPeriod`."""
    match = MONTH_RE.match(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 \
            or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise BadPeriod({field: [_("Give the month as YYYY-MM, for example 2026-11.")]})
    return int(match.group(1)), int(match.group(2))


def requested_month(site_id: int, field: str = "month", default: str | None = None) -> str:
    """The month ``?<field>=YYYY-MM`` of the request; ``default`` (the site's current
    month) when it is absent.  Anything else is :class:`BadPeriod` for ``field``."""
    month = request.args.get(field)
    if month is None or month == "":
        return default or this_month(site_id)
    try:
        parse_month(month)
    except ValueError:
        raise BadPeriod({field: [_(
            "%(value)s is not a month; write it as YYYY-MM, e.g. 2026-11.",
            value=month[:20])]}) from None
    return month


def parse_year(text, field: str = "year") -> int:
    if not isinstance(text, str) or not YEAR_RE.match(text) \
            or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadPeriod({field: [_("Give the year as YYYY, for example 2026.")]})
    return int(text)


def month_days(month: str) -> tuple[datetime.date, datetime.date]:
    """The first day of ``month`` and the first day of the next one."""
    year, number = parse_month(month)
    first = datetime.date(year, number, 1)
    return first, datetime.date(year + (number == 12), number % 12 + 1, 1)


def shift_month(month: str, months: int) -> str:
    year, number = parse_month(month)
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_month(month: str) -> str:
    return shift_month(month, -1)


def weekdays_in_month(month: str, weekday: int) -> list[datetime.date]:
    """Every ``weekday`` (Monday 0) of ``month``."""
    first, next_first = month_days(month)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day < next_first:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def _local_start(year: int, month: int, zone) -> datetime.datetime:
    return _day_start(datetime.date(year, month, 1), as_zone(zone))


def month_bounds(year: int, month: int, zone) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a site-local month, as naive UTC."""
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return _local_start(year, month, zone), _local_start(*following, zone)


def year_bounds(year: int, zone) -> tuple[datetime.datetime, datetime.datetime]:
    return _local_start(year, 1, zone), _local_start(year + 1, 1, zone)


def period_key(moment_utc: datetime.datetime, zone, period: str) -> str:
    """The period (``minute`` … ``month``) ``moment_utc`` falls in, in ``zone``."""
    return local(moment_utc, zone).strftime(PERIOD_FORMATS[period])
