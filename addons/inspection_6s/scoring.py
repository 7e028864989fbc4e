"""The 6S score [004 制度3 十二], computed by the database.

Per person and calendar month (in the site's time zone, see ``core.clock``):

* each violation costs ``points_per_violation`` (2) points; from the
  ``violation_threshold``-th (5th) violation of the month on, included, each costs
  ``points_from_threshold`` (5) instead — the violation's place in the month is a
  window function (``ROW_NUMBER() OVER (PARTITION BY person, month, kind ORDER BY
  occurred_at, id)``);
* each failed weekly clean-up costs ``points_per_cleanup_failure`` (10) and does
  not count as one of the violations;
* one point is ``yuan_per_point`` (2.00) yuan;
* confirmed Friday selections as best / worst, counted for the month of their
  Friday: at least ``best_count_for_reward`` (4) -> ``best_reward_yuan`` (100.00),
  at least ``worst_count_for_penalty`` (4) -> ``worst_penalty_yuan`` (100.00),
  once per month.

Worked example of domain.md: 7 violations and one failed clean-up in a month are
4×2 + 3×5 + 10 = 33 points = 66.00 yuan.

Everything per row is one SQL statement (a window, CASE and GROUP BY); Python only
formats the few aggregated rows.  Money is computed in whole cents so that SQLite
and PostgreSQL give the same exact figures.
"""
from __future__ import annotations

from sqlalchemy import and_, case, func, literal, select, union_all

from core import clock
from core.extensions import db
from core.models import ErpUser

from .models import SixsChecklistItem, SixsMonthClose, SixsTeamMember, SixsWeeklySelection
from .models.common import ONE, ZERO, as_integer, scored_roster
from .models.sixs_violation import ranked_violations
from .rules import Rules, yuan
from .vocab import CLEANUP_BUCKET, KIND_CLEANUP, KIND_ITEM

S = SixsWeeklySelection


def _selections(site_id, month, column, best: bool, owner_id):
    query = select(column.label("person_id"), ZERO, ZERO, ZERO,
                   ONE if best else ZERO, ZERO if best else ONE) \
        .where(S.site_id == site_id, S.month == month, S.state == "confirmed",
               column.is_not(None))
    if owner_id is not None:
        query = query.where(column == owner_id)
    return query


def monthly_statement(site_id: int, month: str, rules: Rules, owner_id: int | None = None):
    """The monthly score of every person as one SQL statement."""
    ranked = ranked_violations(site_id, [month], rules, owner_id).subquery("ranked")
    roster = scored_roster(site_id, owner_id).subquery("roster")
    facts = union_all(
        select(ranked.c.person_id,
               func.sum(case((ranked.c.kind == KIND_ITEM, ONE), else_=ZERO))
               .label("violations"),
               func.sum(case((ranked.c.kind == KIND_CLEANUP, ONE), else_=ZERO))
               .label("cleanups"),
               func.sum(ranked.c.points).label("points"), ZERO.label("best"),
               ZERO.label("worst"))
        .group_by(ranked.c.person_id),
        _selections(site_id, month, S.best_person_id, True, owner_id),
        _selections(site_id, month, S.worst_person_id, False, owner_id),
        select(roster.c.person_id, ZERO, ZERO, ZERO, ZERO, ZERO),
    ).subquery("facts")
    per_person = (
        select(facts.c.person_id,
               func.sum(facts.c.violations).label("violations"),
               func.sum(facts.c.cleanups).label("cleanup_failures"),
               func.sum(facts.c.points).label("points"),
               func.sum(facts.c.best).label("best_count"),
               func.sum(facts.c.worst).label("worst_count"))
        .group_by(facts.c.person_id)
    ).subquery("per_person")
    return (
        select(
            per_person.c.person_id,
            ErpUser.username, ErpUser.first_name, ErpUser.last_name,
            per_person.c.violations, per_person.c.cleanup_failures, per_person.c.points,
            (per_person.c.points * as_integer(rules.cents(rules.yuan_per_point)))
            .label("deduction_cents"),
            per_person.c.best_count, per_person.c.worst_count,
            case((per_person.c.best_count >= as_integer(rules.best_count_for_reward),
                  as_integer(rules.cents(rules.best_reward_yuan))), else_=ZERO)
            .label("reward_cents"),
            case((per_person.c.worst_count >= as_integer(rules.worst_count_for_penalty),
                  as_integer(rules.cents(rules.worst_penalty_yuan))), else_=ZERO)
            .label("penalty_cents"),
            func.rank().over(order_by=per_person.c.points).label("rank"),
        )
        .join(ErpUser, ErpUser.id == per_person.c.person_id)
        .order_by(per_person.c.points, ErpUser.username, per_person.c.person_id)
    )


def person_name(first_name, last_name, username) -> str:
    name = " ".join(part for part in (first_name, last_name) if part)
    return f"{name} ({username})" if name else username


def rules_for_month(site_id: int, month: str) -> Rules:
    """The rules a closed month was scored with, else the site's current ones."""
    closed = closed_month(site_id, month)
    return Rules.from_json(closed.rules) if closed is not None else Rules.for_site(site_id)


def closed_month(site_id: int, month: str) -> SixsMonthClose | None:
    return db.session.execute(
        select(SixsMonthClose).where(SixsMonthClose.site_id == site_id,
                                     SixsMonthClose.month == month)).scalar_one_or_none()


def compute_monthly(site_id: int, month: str, rules: Rules | None = None,
                    owner_id: int | None = None) -> list[dict]:
    """Live figures of ``month`` (``YYYY-MM``), one dict per person, rank 1 first."""
    clock.parse_month(month)
    rules = rules or Rules.for_site(site_id)
    rows = db.session.execute(monthly_statement(site_id, month, rules, owner_id)).all()
    return [{
        "person_id": row.person_id,
        "person": person_name(row.first_name, row.last_name, row.username),
        "username": row.username,
        "rank": int(row.rank),
        "violations": int(row.violations or 0),
        "cleanup_failures": int(row.cleanup_failures or 0),
        "points": int(row.points or 0),
        "deduction_yuan": str(yuan(row.deduction_cents)),
        "best_count": int(row.best_count or 0),
        "worst_count": int(row.worst_count or 0),
        "reward_yuan": str(yuan(row.reward_cents)),
        "penalty_yuan": str(yuan(row.penalty_cents)),
    } for row in rows]


def monthly_scores(site_id: int, month: str, owner_id: int | None = None) -> list[dict]:
    """The month's figures: as handed on for a closed month, live otherwise."""
    clock.parse_month(month)
    closed = closed_month(site_id, month)
    if closed is None:
        return compute_monthly(site_id, month, owner_id=owner_id)
    rows = [dict(row) for row in closed.results or []]
    if owner_id is not None:
        rows = [row for row in rows if row.get("person_id") == owner_id]
    return rows


# --- breakdowns for the charts ------------------------------------------------------

def breakdown(site_id: int, month: str, by: str, owner_id: int | None = None) -> list[dict]:
    """Points of the month by ``s`` (the six S), ``area`` or ``team``; failed
    clean-ups have a bucket of their own for S and area."""
    rules = rules_for_month(site_id, month)
    ranked = ranked_violations(site_id, [month], rules, owner_id).subquery("ranked")
    if by in ("s", "area"):
        column = SixsChecklistItem.s_type if by == "s" else SixsChecklistItem.area
        key = case((ranked.c.kind == KIND_CLEANUP, literal(CLEANUP_BUCKET)),
                   else_=func.coalesce(column, literal("")))
        query = select(key.label("key"), func.sum(ranked.c.points).label("points"),
                       func.count().label("count")) \
            .select_from(ranked) \
            .outerjoin(SixsChecklistItem, SixsChecklistItem.id == ranked.c.checklist_item_id)
    elif by == "team":
        key = func.coalesce(SixsTeamMember.team, literal(""))
        query = select(key.label("key"), func.sum(ranked.c.points).label("points"),
                       func.count().label("count")) \
            .select_from(ranked) \
            .outerjoin(SixsTeamMember, and_(SixsTeamMember.person_id == ranked.c.person_id,
                                            SixsTeamMember.site_id == site_id))
    else:
        raise ValueError(by)
    rows = db.session.execute(query.group_by(key).order_by(key)).all()
    return [{"key": row.key, "points": int(row.points or 0), "count": int(row.count)}
            for row in rows]


def trend(site_id: int, last_month: str, months: int = 12,
          owner_id: int | None = None) -> list[dict]:
    """Total points per month for the ``months`` months up to ``last_month``:
    closed months as handed on, open ones live."""
    wanted = [clock.shift_month(last_month, -offset) for offset in range(months - 1, -1, -1)]
    closed = {row.month: row for row in db.session.execute(
        select(SixsMonthClose).where(SixsMonthClose.site_id == site_id,
                                     SixsMonthClose.month.in_(wanted))).scalars()}
    totals = {}
    for month, row in closed.items():
        results = [r for r in row.results or []
                   if owner_id is None or r.get("person_id") == owner_id]
        totals[month] = (sum(int(r.get("points", 0)) for r in results),
                         sum(int(r.get("violations", 0)) + int(r.get("cleanup_failures", 0))
                             for r in results))
    open_months = [month for month in wanted if month not in closed]
    if open_months:
        ranked = ranked_violations(site_id, open_months, Rules.for_site(site_id),
                                   owner_id).subquery("ranked")
        for row in db.session.execute(
                select(ranked.c.month, func.sum(ranked.c.points), func.count())
                .group_by(ranked.c.month)).all():
            totals[row[0]] = (int(row[1] or 0), int(row[2]))
    return [{"month": month, "points": totals.get(month, (0, 0))[0],
             "count": totals.get(month, (0, 0))[1], "closed": month in closed}
            for month in wanted]
