"""The three contract reports against a contract whose figures are worked out by hand,
and per site against the rows themselves."""
import decimal
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.extensions import db
from tests.fixtures import api_token, as_system, login

from .. import reports
from ..models import Contract, ContractPayment
from .common import act, make_contract, walk

D = decimal.Decimal
MONEY = re.compile(r"-?\d+\.\d\d")


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


def xlsx(client, name, **args) -> dict:
    """The report's file: each sheet's title and its cells' values, row by row."""
    query = "&".join(f"{key}={value}" for key, value in {**args, "format": "xlsx"}.items())
    response = client.get(f"/api/v1/contract_report/{name}?{query}",
                          headers=api_token(client, "gz-finance"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets}


def cell(value):
    """A value of the JSON answer or of the file, compared as a cell: money (a string
    in the JSON, a float or an int read from the file) as a Decimal, nothing as None."""
    if value in (None, ""):
        return None
    if isinstance(value, float) or isinstance(value, str) and MONEY.fullmatch(value):
        return D(str(value))
    return value


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


def test_xlsx_of_one_contract_holds_its_line_its_total_and_each_change(client, contract_id):
    """The files' cells, worked out by hand: headings, the contract's line, a total
    line per currency; the changes' file has a second sheet with each approved change
    (the rejected one is not in it)."""
    number = report(client, "payments", contract_id=contract_id)["rows"][0]["number"]
    yuan = "Renminbi (CNY)"
    assert xlsx(client, "payments", contract_id=contract_id) == {"Contract payment summary": [
        ["Contract number", "Contract title", "State", "Currency", "Contract amount",
         "Payments planned", "Amount planned", "Amount paid", "Still to pay", "Overdue"],
        [number, "Test contract", "Executing", yuan, 112000, 3, 100000, 75000, 37000, 20000],
        ["Total", None, None, yuan, 112000, None, 100000, 75000, 37000, 20000]]}
    (change,) = report(client, "changes", contract_id=contract_id)["changes"]
    assert xlsx(client, "changes", contract_id=contract_id) == {
        "Approved change summary": [
            ["Contract number", "Contract title", "Currency", "Approved changes",
             "Amount as signed", "Approved changes (net)", "Amount now", "End date now"],
            [number, "Test contract", yuan, 1, 100000, 12000, 112000, "2027-03-31"],
            ["Total", None, yuan, 1, 100000, 12000, 112000, None]],
        "Approved changes": [
            ["Contract number", "Change number", "Particulars", "Amount change",
             "Amount before", "Amount after", "End date before", "End date after",
             "Approved at"],
            [number, f"RPT-A-{contract_id}", "Report fixture", 12000, 100000, 112000,
             "2026-12-31", "2027-03-31", change["decided_at"]]]}


def test_site_xlsx_holds_the_rows_and_totals_of_the_json_answer(client, app, contract_id):
    """The whole site's files, streamed, against the JSON answer read into memory: the
    table is its rows then its total lines ("Total" first), the changes' second sheet
    its changes, in the same order."""
    manager = api_token(client, "gz-manager")
    make_contract(client, manager, currency="USD")  # no payment, no change: a total
    for name in reports.REPORTS:
        answer = report(client, name)
        with app.test_request_context():
            keys = [key for key, _head in reports.columns(name)]
            change_keys = [key for key, _head in reports.change_columns()]
        table, *details = xlsx(client, name).values()
        assert answer["rows"] and answer["totals"]
        assert [[cell(value) for value in line] for line in table[1:]] == [
            [cell(row.get(key)) for key in keys] for row in answer["rows"]] + [
            [cell(total[key]) if key in total else "Total" if index == 0 else None
             for index, key in enumerate(keys)] for total in answer["totals"]]
        if name == "changes":
            (changes,) = details
            assert [[cell(value) for value in line] for line in changes[1:]] == [
                [cell(change[key]) for key in change_keys] for change in answer["changes"]]


def test_page_shows_the_first_rows_and_totals_of_all(client, contract_id, monkeypatch):
    """The page is for reading: the first PAGE_ROWS lines of each table, the totals
    of every line, and how many more the file has."""
    make_contract(client, api_token(client, "gz-manager"))
    answer = report(client, "payments")
    assert len(answer["rows"]) >= 2
    monkeypatch.setattr(reports, "PAGE_ROWS", 1)
    login(client, "gz-manager")
    page = client.get("/contract_report/").get_data(as_text=True)
    assert f"{len(answer['rows']) - 1} more rows are in the XLSX file." in page
    (yuan,) = [total for total in answer["totals"] if total["currency"] == "CNY"]
    assert yuan["amount"] in page


@pytest.mark.parametrize("compact, sort_keys", [(None, True), (False, True), (None, False)])
def test_json_answer_is_the_in_memory_one_sent_from_a_spooled_file(
        client, app, contract_id, monkeypatch, compact, sort_keys):
    """The JSON answer is written row by row into a spooled file and sent from it, its
    length known: the same bytes ``BaseApi.response`` makes of the whole report read
    into memory (``Report.result``), in the app's layout, compact or indented, keys
    sorted or not."""
    from flask import request
    from flask_appbuilder.api import BaseApi
    from werkzeug.wsgi import FileWrapper

    from ..api.contract_report import json_response, report_of

    make_contract(client, api_token(client, "gz-manager"), currency="USD")
    monkeypatch.setattr(app.json, "compact", compact)
    monkeypatch.setattr(app.json, "sort_keys", sort_keys)
    with as_system(app):
        gz = db.session.get(Contract, contract_id).site_id
    for name in reports.REPORTS:
        for query in ("", f"contract_id={contract_id}"):
            with app.test_request_context(f"/api/v1/contract_report/{name}?{query}"), \
                    as_system(app, gz):
                streamed = json_response(*report_of(name, request.args))
                assert streamed.direct_passthrough
                assert isinstance(streamed.response, FileWrapper)
                body = b"".join(streamed.response)
                streamed.close()
                in_memory = BaseApi.response(
                    200, site_id=gz, contract_id=contract_id if query else None,
                    **reports.as_json(reports.REPORTS[name](
                        gz, contract_id if query else None).result()))
            assert streamed.content_length == len(body)
            assert streamed.headers["Content-Type"] == in_memory.headers["Content-Type"]
            assert body == in_memory.get_data(), (name, query)
            assert b'"rows"' in body and b'"totals"' in body


def test_each_total_line_is_the_sum_of_the_lines_shown(client, contract_id):
    """The site's change summary lists the contracts with an approved change; its
    total lines add up those lines, not the contracts without a change it leaves
    out (a contract in dollars with no change: no dollar line, no dollar total)."""
    manager = api_token(client, "gz-manager")
    make_contract(client, manager, currency="USD", amount="777.00")
    for name in reports.REPORTS:
        answer = report(client, name)
        assert answer["rows"]
        by_currency = {}
        for row in answer["rows"]:
            by_currency.setdefault(row["currency"], []).append(row)
        assert sorted(by_currency) == [total["currency"] for total in answer["totals"]]
        for total in answer["totals"]:
            for key, value in total.items():
                if key in ("currency", "currency_text"):
                    continue
                shown = [row[key] for row in by_currency[total["currency"]]]
                assert D(str(value)) == sum((D(str(v)) for v in shown), D(0)), (name, key)
    changes = report(client, "changes")
    assert all(row["changes"] > 0 for row in changes["rows"])
    assert "USD" not in {total["currency"] for total in changes["totals"]}
