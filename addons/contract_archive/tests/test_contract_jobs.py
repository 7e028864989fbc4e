"""The daily reminders: contracts ending within 30 days and payments due, once per
site and day, and once per contract end date or payment due date."""
import datetime

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.jobs import run_scheduled
from core.models import utcnow
from tests.fixtures import api_token, as_system

from ..models import ContractReminder
from .common import make_contract, site_id, walk


def reminders(app, site, contract_id):
    with as_system(app, site):
        return sorted((r.kind, r.due_date) for r in db.session.execute(
            select(ContractReminder).where(ContractReminder.contract_id == contract_id)
        ).scalars())


def test_reminders_of_contracts_ending_within_30_days_and_payments_due(client, app):
    manager = api_token(client, "gz-manager")
    gz = site_id(app, "gz")
    with as_system(app, gz):
        today = clock.today(gz)
    in_30 = make_contract(client, manager, start_date="2026-01-01",
                          end_date=(today + datetime.timedelta(days=30)).isoformat())
    in_31 = make_contract(client, manager, start_date="2026-01-01",
                          end_date=(today + datetime.timedelta(days=31)).isoformat())
    for contract_id in (in_30, in_31):
        walk(client, manager, contract_id, "negotiate", "sign", "execute")
    due = (today + datetime.timedelta(days=3)).isoformat()
    for description, paid in (("due", None), ("paid", today.isoformat())):
        response = client.post("/api/v1/contract_payment/", headers=manager, json={
            "contract": in_31, "description": description, "due_date": due,
            "amount": "100.00", "paid_on": paid, "paid_amount": "100.00" if paid else None})
        assert response.status_code == 201, response.json

    with as_system(app):
        first = run_scheduled("contract_archive", "remind", utcnow())
        second = run_scheduled("contract_archive", "remind", utcnow())
    assert first["gz"] == "done" and second["gz"] == "skipped"
    assert reminders(app, gz, in_30) == [("ending", today + datetime.timedelta(days=30))]
    assert reminders(app, gz, in_31) == [("payment_due", today + datetime.timedelta(days=3))]

    # the next day's run adds nothing new for the same dates
    with as_system(app):
        run_scheduled("contract_archive", "remind", utcnow() + datetime.timedelta(days=1))
    assert reminders(app, gz, in_30) == [("ending", today + datetime.timedelta(days=30))]
    assert len(reminders(app, gz, in_31)) == 2  # now within 30 days: ending too
