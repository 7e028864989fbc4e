"""The travel expenses' figures of the monthly service statistics (003 二.5.4):
dispatch person-days, transport cost, material cost and the total, added to the
monthly report through ``core.reports`` (manifest ``report_figures``).
"""
from __future__ import annotations

import datetime
import decimal

from sqlalchemy import Integer, case, cast, func, select

from core.extensions import db
from core.reports import Figure
from core.workflow import N_

from .models import ExpenseClaim, ExpenseLine
from .vocab import COUNTED, FREIGHT, MATERIALS, TRANSPORT

ZERO = decimal.Decimal("0.00")


def monthly_figures(site_id: int, first_day: datetime.date,
                    last_day: datetime.date) -> list[Figure]:
    """The month's travel-expense figures of ``site_id``.

    The rule: a claim counts for the month in which its trip **ends** (``trip_end``
    between ``first_day`` and ``last_day``, site-local dates, both inclusive), once
    finance has approved it (``finance_approved`` or ``paid``), so a trip is counted
    once, in one month, and only with money finance accepted.  Of its lines only the
    reimbursable ones count (a receipt from another city without the manager's
    override is not reimbursed).

    - ``person_days``: the trips' days, first and last day included (a trip from
      3 to 5 November is 3 person-days), summed over the counted claims;
    - ``transport``: transport (交通费) and freight (运输) lines;
    - ``materials``: materials lines;
    - ``total``: every reimbursable line of the counted claims.
    """
    claims = ExpenseClaim.__table__
    lines = ExpenseLine.__table__
    counted = (claims.c.site_id == site_id, claims.c.state.in_(COUNTED),
               claims.c.trip_end >= first_day, claims.c.trip_end <= last_day)
    if db.session.get_bind().dialect.name == "sqlite":  # dates are text there
        days = func.julianday(claims.c.trip_end) - func.julianday(claims.c.trip_start) + 1
    else:  # PostgreSQL: date - date is a number of days
        days = claims.c.trip_end - claims.c.trip_start + 1
    person_days = int(db.session.execute(
        select(func.coalesce(func.sum(cast(days, Integer)), 0)).where(*counted)).scalar())

    def amount_of(*kinds):
        condition = lines.c.kind.in_(kinds) if kinds else lines.c.kind.isnot(None)
        return func.coalesce(func.sum(case((condition, lines.c.amount), else_=0)), 0)

    transport, materials, total = db.session.execute(
        select(amount_of(TRANSPORT, FREIGHT), amount_of(MATERIALS), amount_of())
        .select_from(lines.join(claims, claims.c.id == lines.c.claim_id))
        .where(*counted, lines.c.reimbursable.is_(True))).one()
    money = [decimal.Decimal(str(value)).quantize(ZERO) for value in
             (transport, materials, total)]
    return [
        Figure("travel_expense.person_days", N_("Dispatch person-days (travel claims)"),
               person_days, "person-days"),
        Figure("travel_expense.transport", N_("Transport cost (travel claims)"), money[0],
               "CNY"),
        Figure("travel_expense.materials", N_("Material cost (travel claims)"), money[1],
               "CNY"),
        Figure("travel_expense.total", N_("Total travel-expense cost"), money[2], "CNY"),
    ]
