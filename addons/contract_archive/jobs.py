"""The daily reminders (manifest ``schedules``): run once per site and day inside
``system_context(site_id)``; a reminder is made once per contract end date and per
payment due date (``ref``), so running it twice reminds once."""
from __future__ import annotations

import datetime

from sqlalchemy import select

from core import clock
from core.extensions import db

from .home import ending_within, payments_due_by
from .models import ContractReminder


def remind(site_id: int, period: str) -> int:
    """Contracts ending within ``ending_soon_days`` (30) and payments due within a
    week or overdue, as of the run's local day (``period``, ``YYYY-MM-DD``); returns
    how many reminders were made."""
    today = datetime.date.fromisoformat(period[:10]) if period else clock.today(site_id)
    known = set(db.session.execute(select(ContractReminder.ref).where(
        ContractReminder.site_id == site_id)).scalars())
    made = 0
    statement, _days = ending_within(site_id, today)
    for contract in db.session.execute(statement).scalars():
        ref = f"ending:{contract.id}:{contract.end_date.isoformat()}"
        if ref not in known:
            db.session.add(ContractReminder(site_id=site_id, ref=ref, kind="ending",
                                            contract_id=contract.id,
                                            due_date=contract.end_date))
            known.add(ref)
            made += 1
    for payment in db.session.execute(payments_due_by(site_id, today)).scalars():
        ref = f"payment:{payment.id}:{payment.due_date.isoformat()}"
        if ref not in known:
            db.session.add(ContractReminder(site_id=site_id, ref=ref, kind="payment_due",
                                            contract_id=payment.contract_id,
                                            payment_id=payment.id, due_date=payment.due_date))
            known.add(ref)
            made += 1
    db.session.flush()
    return made
