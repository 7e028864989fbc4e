"""The site and the months a report page or API is asked for (monthly statistics,
survey analysis, key customers due)."""
from __future__ import annotations

import datetime

from flask import request
from flask_babel import gettext as _

from core import clock
from core.extensions import db
from core.models import Site
from core.numbers import whole_number
from core.scope import current_scope


class ReportInputError(ValueError):
    """Bad query arguments: ``messages`` per field (HTTP 422)."""

    def __init__(self, messages: dict):
        super().__init__(messages)
        self.messages = messages


def report_site_id() -> int:
    """The caller's site; a system admin names one with ``site_id``."""
    scope = current_scope()
    if scope is None or scope.nothing:
        raise ReportInputError({"site_id": [_("Which site?")]})
    if scope.site_id is not None:
        return scope.site_id
    site_id = whole_number(request.args.get("site_id", ""))
    if site_id is None or db.session.get(Site, site_id) is None:
        raise ReportInputError({"site_id": [_("Which site? Give its id as site_id.")]})
    return site_id


def requested_month(site_id: int, field: str = "month", default: str | None = None) -> str:
    """``?month=YYYY-MM``; ``default`` (the site's current month, its figures so
    far) when absent."""
    month = request.args.get(field)
    if month is None or month == "":
        return default or clock.this_month(site_id)
    try:
        clock.parse_month(month)
    except ValueError:
        raise ReportInputError({field: [_(
            "%(value)s is not a month; write it as YYYY-MM, e.g. 2026-11.",
            value=month[:20])]}) from None
    return month


def requested_months(site_id: int) -> tuple[str, str, datetime.date, datetime.date]:
    """``?from=YYYY-MM&to=YYYY-MM`` (both included; the last twelve months up to
    this one when absent) and their first and last day."""
    this_month = clock.this_month(site_id)
    last = requested_month(site_id, "to", this_month)
    first = requested_month(site_id, "from", clock.shift_month(last, -11))
    if first > last:
        raise ReportInputError({"from": [_("The first month comes after the last one.")]})
    following = clock.month_days(last)[1]
    return first, last, clock.month_days(first)[0], following - datetime.timedelta(days=1)
