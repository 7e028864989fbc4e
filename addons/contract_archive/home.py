"""Home-page panels (manifest ``home_panels``): contracts ending soon, payments due.
Each runs inside the request under the user's scope."""
from __future__ import annotations

import datetime

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from core import clock, settings
from core.extensions import db
from core.home import Panel, acting_site_id

from .models import Contract, ContractPayment
from .models.common import BINDING

SHOWN = 10


def ending_within(site_id: int, today: datetime.date):
    days = settings.get(site_id, "contract_archive.ending_soon_days")
    return select(Contract).options(lazyload(Contract.party_dealers)).where(
        Contract.site_id == site_id, Contract.state.in_(BINDING), Contract.end_date >= today,
        Contract.end_date <= today + datetime.timedelta(days=days)
    ).order_by(Contract.end_date, Contract.id), days


def payments_due_by(site_id: int, today: datetime.date):
    """Unpaid payments due within the next week, or overdue."""
    return select(ContractPayment).options(
        joinedload(ContractPayment.contract).lazyload(Contract.party_dealers)).where(
        ContractPayment.site_id == site_id, ContractPayment.paid_on.is_(None),
        ContractPayment.due_date <= today + datetime.timedelta(days=7)
    ).order_by(ContractPayment.due_date, ContractPayment.id)


def _today(site_id: int) -> datetime.date:
    """The site's day, read once for both panels of the request."""
    if g.get("_contract_archive_today") is None:
        g._contract_archive_today = clock.today(site_id)
    return g._contract_archive_today


def ending_soon() -> Panel | None:
    site_id = acting_site_id()
    if site_id is None:
        return None
    today = _today(site_id)
    statement, days = ending_within(site_id, today)
    contracts = db.session.execute(statement.limit(SHOWN)).scalars().all()
    return Panel(
        title=_("Contracts ending within %(days)s days", days=days),
        columns=[_("Contract number"), _("Contract title"), _("End date"), _("Days left")],
        rows=[[(c.number, url_for("ContractView.show", pk=c.id)), c.title,
               c.end_date.isoformat(), str((c.end_date - today).days)] for c in contracts],
        alert_rows={i for i, c in enumerate(contracts) if (c.end_date - today).days <= 7},
        link=(_("All contracts"), url_for("ContractView.list")),
        empty=_("No contract ends within %(days)s days.", days=days))


def payments_due() -> Panel | None:
    site_id = acting_site_id()
    if site_id is None:
        return None
    today = _today(site_id)
    payments = db.session.execute(payments_due_by(site_id, today).limit(SHOWN)
                                  ).scalars().all()
    return Panel(
        title=_("Contract payments due"),
        columns=[_("Contract number"), _("Payment for"), _("Due on"), _("Amount planned")],
        rows=[[(p.contract.number, url_for("ContractPaymentView.show", pk=p.id)),
               p.description, p.due_date.isoformat(), f"{p.amount:.2f}"] for p in payments],
        alert_rows={i for i, p in enumerate(payments) if p.due_date < today},
        link=(_("All contract payments"), url_for("ContractPaymentView.list")),
        empty=_("No contract payment is due within a week."))
