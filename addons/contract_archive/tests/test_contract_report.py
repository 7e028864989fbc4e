"""The three contract reports against a contract whose figures are worked out by hand,
and per site against the rows themselves."""
import decimal
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.extensions import db
from tests.fixtures import api_token, as_system, login

from ..models import Contract, ContractPayment
from .common import act, make_contract, walk

D = decimal.Decimal


@pytest.fixture(scope="module")
def contract_id(app):
    client = app.test_client()
    manager, admin = api_token(client, "gz-manager"), api_token(client, "gz-admin")
    contract_id = make_contract(client, manager, amount="100000.00", end_date="2026-12-31")
    walk(client, manager, contract_id, "negotiate", "sign", "execute")
    for description, due, amount, paid_on, paid in (
            ("Advance", "2026-01-15", "30000.00", "2026-01-20", "30000.00"),
            ("Progress", "2026-02-15", "50000.00", "2026-03-05", "45000.00"),
            ("Balance", "2026-04-15", "20000.00", None, None)):
        response = client.post("/api/v1/contract_payment/", headers=manager, json={
            "contract": contract_id, "description": description, "due_date": due,
            "amount": amount, "paid_on": paid_on, "paid_amount": paid})
        assert response.status_code == 201, response.json
    for number, delta, end, decision in (("A", "12000.00", "2027-03-31", "approve"),
                                          ("R", "-5000.00", None, "reject")):
        response = client.post("/api/v1/contract_change/", headers=manager, json={
            "contract": contract_id, "number": f"RPT-{number}-{contract_id}",
            "description": "Report fixture", "amount_delta": delta, "new_end_date": end})
        change_id = response.json["id"]
        act(client, manager, "contract_change", change_id, "submit")
        assert act(client, admin, "contract_change", change_id, decision,
                   reason="fixture").status_code == 200
    return contract_id


def report(client, name, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    response = client.get(f"/api/v1/contract_report/{name}?{query}",
                          headers=api_token(client, "gz-finance"))
    assert response.status_code == 200, response.json
    return response.json


def test_payment_summary_of_one_contract(client, contract_id):
    result = report(client, "payments", contract_id=contract_id)
    (row,) = result["rows"]
    assert {key: row[key] for key in ("amount", "payments", "paid_payments", "planned",
                                      "paid", "to_pay", "overdue")} == {
        "amount": "112000.00", "payments": 3, "paid_payments": 2, "planned": "100000.00",
        "paid": "75000.00", "to_pay": "37000.00", "overdue": "20000.00"}


def test_approved_change_summary_of_one_contract(client, contract_id):
    result = report(client, "changes", contract_id=contract_id)
    (row,) = result["rows"]
    assert (row["changes"], row["original_amount"], row["approved_delta"], row["amount"],
            row["end_date"]) == (1, "100000.00", "12000.00", "112000.00", "2027-03-31")
    (change,) = result["changes"]
    assert (change["amount_before"], change["amount_after"], change["end_after"]) == (
        "100000.00", "112000.00", "2027-03-31")


def test_expenditure_budget_against_actual_payments_of_one_contract(client, contract_id):
    result = report(client, "budget", contract_id=contract_id)
    assert [(r["month"], r["budget"], r["actual"], r["difference"]) for r in result["rows"]] \
        == [("2026-01", "30000.00", "30000.00", "0.00"),
            ("2026-02", "50000.00", "0.00", "50000.00"),
            ("2026-03", "0.00", "45000.00", "-45000.00"),
            ("2026-04", "20000.00", "0.00", "20000.00")]
    (total,) = result["totals"]
    assert (total["budget"], total["actual"], total["difference"]) == (
        "100000.00", "75000.00", "25000.00")


def test_site_reports_add_up_every_contract_of_the_site(client, app, contract_id):
    """Totals per currency: the site's contracts in yuan add up to the CNY total
    (other tests may add contracts in other currencies)."""
    payments = report(client, "payments")
    with as_system(app):
        gz = db.session.get(Contract, contract_id).site_id
        contracts = db.session.execute(select(Contract).where(Contract.site_id == gz)
                                       ).scalars().all()
        in_yuan = {c.id for c in contracts if c.currency == "CNY"}
        rows = [p for p in db.session.execute(select(ContractPayment).where(
            ContractPayment.site_id == gz)).scalars() if p.contract_id in in_yuan]
    paid = sum((p.paid_amount or 0 for p in rows), D("0"))
    planned = sum((p.amount for p in rows), D("0"))
    (total,) = [t for t in payments["totals"] if t["currency"] == "CNY"]
    assert (D(total["paid"]), D(total["planned"])) == (paid, planned)
    assert D(total["amount"]) == sum((c.amount for c in contracts if c.id in in_yuan),
                                     D("0"))
    assert len(payments["rows"]) == len(contracts)
    budget = report(client, "budget")
    (total,) = [t for t in budget["totals"] if t["currency"] == "CNY"]
    assert (D(total["budget"]), D(total["actual"])) == (planned, paid)
    hq = report(client, "payments", contract_id=contract_id)
    assert len(hq["rows"]) == 1
    refused = client.get(f"/api/v1/contract_report/payments?contract_id={contract_id}",
                         headers=api_token(client, "hq-manager"))
    assert refused.status_code == 422


def test_reports_as_xlsx_and_pages(client, app, contract_id):
    response = client.get(f"/api/v1/contract_report/budget?contract_id={contract_id}"
                          "&format=xlsx", headers=api_token(client, "gz-manager"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][2:] == ["2026-01", D("30000.00"), D("30000.00"), D("0.00")] or \
        [float(v) if isinstance(v, (int, float, D)) else v for v in values[1][2:]] == \
        ["2026-01", 30000.0, 30000.0, 0.0]
    assert values[-1][0] == "Total"
    login(client, "gz-manager")
    page = client.get(f"/contract_report/?contract_id={contract_id}")
    assert page.status_code == 200
    assert "112000.00" in page.get_data(as_text=True)
    xlsx = client.get(f"/contract_report/xlsx?report=changes&contract_id={contract_id}")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert client.get("/contract_report/xlsx?report=nonsense").status_code == 404
    assert api_token(client, "dealer-a") and client.get(
        "/api/v1/contract_report/payments",
        headers=api_token(client, "dealer-a")).status_code == 403
