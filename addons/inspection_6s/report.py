"""The monthly 6S report of the caller's site, for the API and the page alike."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.scope import current_scope, requested_site_id

from .models import SixsTeamMember
from .scoring import breakdown, closed_month, monthly_scores, trend
from .vocab import AREAS, CLEANUP_BUCKET, S_TYPES, label


def report_site_and_owner() -> tuple[int, int | None]:
    """The site asked for (``core.scope.requested_site_id``) and, for a person who
    sees only their own records, their user id."""
    site_id = requested_site_id()
    return site_id, current_scope().owner_id


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
