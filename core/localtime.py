"""Times are stored in UTC (naive); people read and type them in their site's zone.

The pages of ``ErpModelView`` show stored times in the signed-in user's site zone
and read the times typed into forms in that zone; the REST API speaks UTC.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context

UTC = datetime.timezone.utc


def user_zone() -> ZoneInfo:
    """The signed-in user's site zone; the default site zone for anyone else."""
    name = None
    user = getattr(g, "user", None) if has_request_context() else None
    if user is not None and getattr(user, "site", None) is not None:
        name = user.site.timezone
    return ZoneInfo(name or current_app.config["DEFAULT_SITE_TIMEZONE"])


def to_local(moment_utc: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """A stored UTC time as the naive wall-clock time of ``zone``."""
    # what astimezone(zone) of the UTC time does, without its detour through UTC's
    # offset: half the cost, and an export converts one time per row
    return zone.fromutc(moment_utc.replace(tzinfo=zone)).replace(tzinfo=None)


def local_minutes(moment_utc: datetime.datetime, zone: ZoneInfo) -> str:
    """A stored UTC time as ``zone`` reads it, to the minute: ``2026-11-03 12:05``."""
    local = to_local(moment_utc, zone)
    if local.year < 1000:  # strftime does not pad the year to four digits
        return local.strftime("%Y-%m-%d %H:%M")
    # the same text in a third of strftime's time: an export writes one a row
    return "%d-%02d-%02d %02d:%02d" % (local.year, local.month, local.day, local.hour,
                                       local.minute)


def local_datetime(value, zone=None) -> str:
    """A stored (UTC) time in ``zone`` (the user's site zone unless given: an export
    looks it up once for all its rows), to the minute; nothing for none."""
    if value is None:
        return ""
    return local_minutes(value, zone or user_zone())


def as_utc(moment: datetime.datetime) -> datetime.datetime:
    """An aware time as the naive UTC time to store; a naive one is UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def to_utc(local: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """A naive wall-clock time of ``zone`` as the naive UTC time to store."""
    return as_utc(local.replace(tzinfo=zone))
