"""The monthly service statistics of a site [003 二.5.4], computed by the database.

For a site and a month (counted in the site's time zone, ``core.clock``):

* dispatches that arrived on site in the month: person-times (one per dispatch),
  person-days, the technicians' cost, material cost and transport cost;
* the total after-sales cost: those three, less the dispatches that were
  installation and commissioning guidance the contract already pays for
  (合同规定的指导安装调试费用除外);
* requests received in the month by category and severity, and whether their
  first answer came within its deadline (SLA): on time, late (answered late, or
  unanswered past the deadline), pending (unanswered, deadline still ahead);
* the satisfaction surveys taken in the month: their number and the average score
  of each question;
* figures other addons enabled on the site contribute (``core.reports``, report
  ``monthly``): expense totals, penalties…; the report works without them.

Each group of figures is one aggregate statement (SUM, COUNT, GROUP BY), so the
number of statements does not grow with the rows.  Money is Decimal with two
places, person-days with one, averages with two.
"""
from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select

from core import clock
from core.models import utcnow
from core.reports import contributed_figures
from core.extensions import db

from .models import SatisfactionSurvey, ServiceDispatch, ServiceRequest
from .models.satisfaction_survey import QUESTIONS

REPORT = "monthly"
DISPATCH_LABELS = {
    "person_times": _l("Dispatches (person-times)"),
    "person_days": _l("Person-days"),
    "labour_cost": _l("Dispatch cost (yuan)"),
    "material_cost": _l("Material cost (yuan)"),
    "transport_cost": _l("Transport cost (yuan)"),
    "contract_installation_cost": _l("Installation guidance paid by contract (yuan)"),
    "total_cost": _l("Total after-sales cost (yuan)"),
}
QUESTION_LABELS = {
    "score_response": _l("Response speed"), "score_attitude": _l("Service attitude"),
    "score_quality": _l("Repair quality"), "score_overall": _l("Overall satisfaction"),
}
SLA_LABELS = {"on_time": _l("Answered in time"), "late": _l("Answered late or overdue"),
              "pending": _l("Not due yet")}
CENT, TENTH = Decimal("0.01"), Decimal("0.1")
ZERO = Decimal("0")


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, ROUND_HALF_UP)


def days(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(TENTH, ROUND_HALF_UP)


def average(total, count) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(CENT, ROUND_HALF_UP)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def month_period(site_id: int, month: str):
    """The month's first and last local day, and its [start, end) in UTC."""
    year, number = clock.parse_month(month)
    first, following = clock.month_days(month)
    start, end = clock.month_bounds(year, number, clock.site_zone(site_id))
    return first, following - datetime.timedelta(days=1), start, end


def dispatch_figures(site_id: int, start, end) -> dict:
    d = ServiceDispatch
    cost = d.labour_cost + d.material_cost + d.transport_cost
    row = db.session.execute(
        select(func.count(d.id), func.sum(d.person_days), func.sum(d.labour_cost),
               func.sum(d.material_cost), func.sum(d.transport_cost),
               func.sum(case((d.contract_installation.is_(True), cost), else_=literal(0))))
        .where(d.site_id == site_id, d.arrived_at >= start, d.arrived_at < end)).one()
    count, person_days, labour, material, transport, contract = row
    labour, material, transport, contract = (money(labour), money(material),
                                             money(transport), money(contract))
    return {"person_times": int(count or 0), "person_days": days(person_days),
            "labour_cost": labour, "material_cost": material,
            "transport_cost": transport, "contract_installation_cost": contract,
            "total_cost": labour + material + transport - contract}


def request_figures(site_id: int, start, end, now) -> tuple[list[dict], dict]:
    r = ServiceRequest
    on_time = and_(r.answered_at.is_not(None), r.answered_at <= r.answer_due_at)
    late = or_(r.answered_at > r.answer_due_at,
               and_(r.answered_at.is_(None), r.answer_due_at < now))
    one, nothing = literal(1), literal(0)
    rows = db.session.execute(
        select(r.category, r.severity, func.count(r.id),
               func.sum(case((on_time, one), else_=nothing)),
               func.sum(case((late, one), else_=nothing)))
        .where(r.site_id == site_id, r.received_at >= start, r.received_at < end)
        .group_by(r.category, r.severity).order_by(r.category, r.severity)).all()
    groups = [{"category": category, "severity": severity, "count": int(count),
               "on_time": int(in_time or 0), "late": int(overdue or 0),
               "pending": int(count) - int(in_time or 0) - int(overdue or 0)}
              for category, severity, count, in_time, overdue in rows]
    sla = {key: sum(group[key] for group in groups)
           for key in ("count", "on_time", "late", "pending")}
    sla["compliance_percent"] = percent(sla["on_time"], sla["on_time"] + sla["late"])
    return groups, sla


def survey_figures(site_id: int, first_day, last_day) -> dict:
    s = SatisfactionSurvey
    row = db.session.execute(
        select(func.count(s.id), *(func.sum(getattr(s, q)) for q in QUESTIONS))
        .where(s.site_id == site_id, s.surveyed_on >= first_day,
               s.surveyed_on <= last_day)).one()
    count = int(row[0] or 0)
    figures = {"count": count}
    for question, total in zip(QUESTIONS, row[1:]):
        figures[question] = average(total, count)
    figures["average"] = average(sum(total or 0 for total in row[1:]),
                                 count * len(QUESTIONS))
    return figures


def monthly_figures(site_id: int, month: str, now: datetime.datetime | None = None) -> dict:
    """Every figure of the month's report (see the module's docstring)."""
    first_day, last_day, start, end = month_period(site_id, month)
    groups, sla = request_figures(site_id, start, end, now or utcnow())
    return {
        "site_id": site_id, "month": month,
        "first_day": first_day, "last_day": last_day,
        "dispatches": dispatch_figures(site_id, start, end),
        "requests": groups,
        "sla": sla,
        "surveys": survey_figures(site_id, first_day, last_day),
        "contributed": [
            {"key": figure.key, "label": _(figure.label), "value": figure.value,
             "unit": figure.unit}
            for figure in contributed_figures(REPORT, site_id, first_day, last_day)],
    }


def as_json(value):
    """The figures with Decimals and dates as text (a JSON column, a JSON answer)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
