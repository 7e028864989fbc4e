"""The satisfaction survey analysis report (顾客满意度调查分析报告) [002 §7.3]:
average scores by dealer, by technician and by month, computed by the database.
Queries go through the caller's scope: a dealer analyses only their own surveys."""
from __future__ import annotations

import datetime

from flask_babel import gettext as _
from sqlalchemy import extract, func, select

from core.extensions import db
from core.models import Dealer, ErpUser

from .models import SatisfactionSurvey
from .models.satisfaction_survey import QUESTIONS
from .monthly_statistics import average

S = SatisfactionSurvey


def person_name(first_name, last_name, username) -> str:
    return " ".join(part for part in (first_name, last_name) if part) or username or ""


def _sums():
    return (func.count(S.id), *(func.sum(getattr(S, q)) for q in QUESTIONS))


def _row(key, label, count, *totals) -> dict:
    row = {"key": key, "label": label, "count": int(count)}
    for question, total in zip(QUESTIONS, totals):
        row[question] = average(total, count)
    row["average"] = average(sum(total or 0 for total in totals), count * len(QUESTIONS))
    return row


def survey_analysis(site_id: int, first_day: datetime.date, last_day: datetime.date) -> dict:
    """Averages of the surveys taken from ``first_day`` to ``last_day`` (inclusive)."""
    period = (S.site_id == site_id, S.surveyed_on >= first_day, S.surveyed_on <= last_day)
    by_dealer = db.session.execute(
        select(S.dealer_id, Dealer.name, *_sums()).outerjoin(Dealer, Dealer.id == S.dealer_id)
        .where(*period).group_by(S.dealer_id, Dealer.name).order_by(Dealer.name)).all()
    people = (ErpUser.first_name, ErpUser.last_name, ErpUser.username)
    by_technician = db.session.execute(
        select(S.technician_id, *people, *_sums())
        .outerjoin(ErpUser, ErpUser.id == S.technician_id)
        .where(*period).group_by(S.technician_id, *people)
        .order_by(ErpUser.username)).all()
    year, month = extract("year", S.surveyed_on), extract("month", S.surveyed_on)
    by_month = db.session.execute(
        select(year, month, *_sums()).where(*period).group_by(year, month)
        .order_by(year, month)).all()
    return {
        "site_id": site_id, "from": first_day, "to": last_day,
        "by_dealer": [_row(key, name or _("Site's own customers"), *rest)
                      for key, name, *rest in by_dealer],
        "by_technician": [_row(key, person_name(first, last, username) or _("(none)"), *rest)
                          for key, first, last, username, *rest in by_technician],
        "by_month": [_row(f"{int(y):04d}-{int(m):02d}", f"{int(y):04d}-{int(m):02d}", *rest)
                     for y, m, *rest in by_month],
    }
