"""Scheduled jobs of customer care and the monthly statistics; each runs per site
in ``system_context(site)``, once per (job, site, day or month) (``core.jobs``)."""
from __future__ import annotations

import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from core import clock, settings
from core.extensions import db
from core.models import ErpUser, utcnow

from .jobs import service_managers
from .models import MonthlyReport, ServiceNotification
from .models.key_customer_visit import due_key_customers
from .monthly_statistics import as_json, monthly_figures

#: how many due customers a reminder names before it says "and N more"
NAMED_IN_REMINDER = 5


def _notify(site_id: int, users, message: str) -> None:
    for user in users:
        db.session.add(ServiceNotification(site_id=site_id, user_id=user.id,
                                           message=message[:255]))


def remind_key_customer_visits(site_id: int, period: str,
                               today: datetime.date | None = None) -> int:
    """Once a month: remind the service managers of the key customers not visited
    in the last 12 months, and each dealer's users of their own."""
    today = today or clock.today(site_id)
    due = db.session.execute(due_key_customers(site_id, today)).scalars().all()
    if not due:
        return 0

    def message(customers) -> str:
        names = "、".join(c.name for c in customers[:NAMED_IN_REMINDER])
        more = len(customers) - NAMED_IN_REMINDER
        return _("%(count)s key customers were not visited in the last 12 months: "
                 "%(names)s%(more)s.", count=len(customers), names=names,
                 more=_(" and %(more)s more", more=more) if more > 0 else "")

    _notify(site_id, service_managers(site_id), message(due))
    by_dealer: dict[int, list] = {}
    for customer in due:
        if customer.dealer_id is not None:
            by_dealer.setdefault(customer.dealer_id, []).append(customer)
    if by_dealer:
        dealer_users = db.session.execute(select(ErpUser).where(
            ErpUser.site_id == site_id, ErpUser.active.is_(True),
            ErpUser.dealer_id.in_(by_dealer))).scalars().all()
        for user in dealer_users:
            _notify(site_id, [user], message(by_dealer[user.dealer_id]))
    db.session.flush()
    return len(due)


def _report_of(site_id: int, month: str) -> MonthlyReport | None:
    return db.session.execute(select(MonthlyReport).where(
        MonthlyReport.site_id == site_id, MonthlyReport.month == month)).scalar()


def _day_of(site_id: int, period: str) -> datetime.date:
    """The site-local day a daily job runs for (its period, ``YYYY-MM-DD``)."""
    try:
        return datetime.date.fromisoformat(period)
    except (TypeError, ValueError):
        return clock.today(site_id)


def produce_monthly_report(site_id: int, period: str) -> MonthlyReport | None:
    """From the 4th of a month on (site time): the report of the month before, once
    [003 二.5.4]."""
    today = _day_of(site_id, period)
    if today.day < settings.get(site_id, "service_policy.report_due_day"):
        return None
    month = clock.previous_month(clock.month_of(today))
    if _report_of(site_id, month) is not None:
        return None
    report = MonthlyReport(site_id=site_id, month=month, state="produced",
                           produced_at=utcnow(),
                           figures=as_json(monthly_figures(site_id, month)))
    db.session.add(report)
    _notify(site_id, service_managers(site_id), _(
        "The monthly service report of %(month)s is ready; send it by the %(day)sth.",
        month=month, day=settings.get(site_id, "service_policy.report_send_by_day")))
    db.session.flush()
    return report


def flag_unsent_monthly_report(site_id: int, period: str) -> bool:
    """After the 5th (site time): flag the month before's report when it was not
    sent (or not even produced), and tell the service managers, once."""
    today = _day_of(site_id, period)
    if today.day <= settings.get(site_id, "service_policy.report_send_by_day"):
        return False
    month = clock.previous_month(clock.month_of(today))
    report = _report_of(site_id, month)
    if report is None:
        report = produce_monthly_report(site_id, period)
    if report is None or report.state == "sent" or report.late:
        return False
    report.late = True
    _notify(site_id, service_managers(site_id), _(
        "The monthly service report of %(month)s was not sent by the %(day)sth.",
        month=month, day=settings.get(site_id, "service_policy.report_send_by_day")))
    db.session.flush()
    return True
