"""The monthly 6S report of the caller's site, for the API and the page alike."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import Site, utcnow
from core.numbers import whole_number
from core.scope import current_scope

from .models import SixsTeamMember
from .scoring import breakdown, closed_month, monthly_scores, trend
from .vocab import AREAS, CLEANUP_BUCKET, S_TYPES, label


class ReportInputError(ValueError):
    """Bad query arguments: ``messages`` per field (HTTP 422)."""

    def __init__(self, messages: dict):
        super().__init__(messages)
        self.messages = messages


def report_site_and_owner() -> tuple[int, int | None]:
    """The caller's site (a system admin names one with ``site_id``) and, for a
    person who sees only their own records, their user id."""
    scope = current_scope()
    if scope is None or scope.nothing:
        raise ReportInputError({"site_id": [_("Which site?")]})
    site_id = scope.site_id
    if site_id is None:
        raw = request.args.get("site_id", "")
        site_id = whole_number(raw)
        if site_id is None or db.session.get(Site, site_id) is None:
            raise ReportInputError({"site_id": [_("Which site? Give its id as site_id.")]})
    return site_id, scope.owner_id


def requested_month(site_id: int) -> str:
    """``?month=YYYY-MM``; the site's current month when absent."""
    month = request.args.get("month")
    if month is None or month == "":
        zone = clock.site_zone(site_id)
        return clock.month_of(clock.local_date(utcnow(), zone))
    try:
        clock.parse_month(month)
    except ValueError:
        raise ReportInputError({"month": [_(
            "%(value)s is not a month; write it as YYYY-MM, e.g. 2026-11.",
            value=month[:20])]}) from None
    return month


def charts(site_id: int, month: str, owner_id: int | None) -> dict:
    def labelled(rows, vocabulary):
        return [dict(row, label=_("Weekly clean-up") if row["key"] == CLEANUP_BUCKET
                     else label(vocabulary, row["key"]) or _("(none)")) for row in rows]

    teams = breakdown(site_id, month, "team", owner_id)
    return {
        "by_s": labelled(breakdown(site_id, month, "s", owner_id), S_TYPES),
        "by_area": labelled(breakdown(site_id, month, "area", owner_id), AREAS),
        "by_team": [dict(row, label=row["key"] or _("(no team)")) for row in teams],
        "trend": [dict(row, label=row["month"]) for row in trend(site_id, month, 12,
                                                                   owner_id)],
    }


def teams_of(site_id: int) -> dict[int, str]:
    return dict(db.session.execute(
        select(SixsTeamMember.person_id, SixsTeamMember.team)
        .where(SixsTeamMember.site_id == site_id)).all())


def monthly_report(site_id: int, month: str, owner_id: int | None) -> dict:
    rows = monthly_scores(site_id, month, owner_id)
    return {"site_id": site_id, "month": month,
            "closed": closed_month(site_id, month) is not None, "result": rows}
