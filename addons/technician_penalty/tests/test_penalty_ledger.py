"""The HR ledger of a hand-computed month, its year view and the payroll export.

March 2025 (Asia/Shanghai) of technician A, final records only:
  fines   P-LATE 50 + P-LATE 50 + P-DISOBEY 100 (31 March 23:30 local)
          + P-NOCALL 50 (28 Feb 16:30 UTC = 1 March 00:30 local) + P-6S-MONTH 66 = 316.00
  rewards R-6S-BEST 100.00                        net deduction 316 − 100 = 216.00
  phone allowance forfeited once (P-PHONE, forfeit)
  major demerits: P-FRAUD changed by HR to a major demerit ×1
  year to March: demerits 1 (P-FRAUD, February), major demerits 2 (+ P-QUARREL, January)
  repeated (≥ 2 final in the year): P-FRAUD, P-LATE
Not counted: P-NOCALL at 31 March 16:30 UTC (April in Shanghai), a proposed, a
verified, a rejected and an appealed record.
Technician B: R-SERVICE 200.00 reward, net −200.00.
"""
import csv
import decimal
import io

import pytest
from openpyxl import load_workbook

from tests.fixtures import api_token, login

from .common import act, finalise, local_time, make_person, propose

D = decimal.Decimal


@pytest.fixture(scope="module")
def march(app):
    client = app.test_client()
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    a = make_person(app, "tp-ledger-a", first="Ledger", last="A")
    b = make_person(app, "tp-ledger-b", first="Ledger", last="B")
    c = make_person(app, "tp-ledger-c", first='=HYPERLINK("http://evil.example")',
                    last="+1")
    finalise(client, app, a, "P-LATE", local_time(2025, 3, 3))
    finalise(client, app, a, "P-LATE", local_time(2025, 3, 20))
    finalise(client, app, a, "P-DISOBEY", local_time(2025, 3, 31, 23, 30))
    finalise(client, app, a, "P-NOCALL", "2025-02-28T16:30:00")
    finalise(client, app, a, "P-NOCALL", "2025-03-31T16:30:00")  # April in Shanghai
    finalise(client, app, a, "R-6S-BEST", local_time(2025, 3, 1))
    finalise(client, app, a, "P-6S-MONTH", local_time(2025, 3, 1), amount="66.00")
    finalise(client, app, a, "P-PHONE", local_time(2025, 3, 10),
             decision={"phone_option": "forfeit"})
    finalise(client, app, a, "P-QUARREL", local_time(2025, 1, 15))
    finalise(client, app, a, "P-FRAUD", local_time(2025, 2, 5))
    fraud = propose(client, manager, a, "P-FRAUD", app, local_time(2025, 3, 12))
    act(client, manager, fraud, "verify")
    assert act(client, hr, fraud, "hr_change", sanction="major_demerit", quantity=1,
               reason="Second forged receipt this year.").status_code == 200
    propose(client, manager, a, "P-ATTITUDE", app, local_time(2025, 3, 15))
    verified = propose(client, manager, a, "P-DISOBEY", app, local_time(2025, 3, 16))
    act(client, manager, verified, "verify")
    rejected = propose(client, manager, a, "P-DISOBEY", app, local_time(2025, 3, 17))
    act(client, manager, rejected, "verify")
    act(client, hr, rejected, "hr_reject", reason="Sick leave.")
    appealed = finalise(client, app, a, "P-LATE", local_time(2025, 3, 18))
    assert act(client, api_token(client, "tp-ledger-a"), appealed, "appeal",
               reason="Road closed.").status_code == 200
    finalise(client, app, b, "R-SERVICE", local_time(2025, 3, 14), amount="200.00")
    finalise(client, app, c, "P-LATE", local_time(2025, 3, 5),
             evidence="@SUM(1+1)*cmd|' /C calc'!A0")
    finalise(client, app, c, "P-NOCALL", local_time(2025, 3, 6), evidence="\t=1+1")
    return {"a": a, "b": b, "c": c}


def ledger_rows(client, month="2025-03"):
    response = client.get(f"/api/v1/penalty_ledger/?month={month}",
                          headers=api_token(client, "gz-hr"))
    assert response.status_code == 200, response.json
    return {row["username"]: row for row in response.json["result"]}


def test_penalty_ledger_of_a_hand_computed_month(client, march):
    rows = ledger_rows(client)
    assert rows["tp-ledger-a"] == {
        "technician_id": march["a"], "username": "tp-ledger-a", "name": "Ledger A",
        "fines_yuan": "316.00", "rewards_yuan": "100.00", "net_deduction_yuan": "216.00",
        "phone_allowance_forfeits": 1, "demerits": 0, "major_demerits": 1,
        "dismissals": 0, "legal_actions": 0, "demerits_year": 1, "major_demerits_year": 2,
        "repeated_rules": ["P-FRAUD", "P-LATE"], "records": 8}
    b = rows["tp-ledger-b"]
    assert (b["fines_yuan"], b["rewards_yuan"], b["net_deduction_yuan"]) == \
        ("0.00", "200.00", "-200.00")


def test_penalty_ledger_counts_the_shanghai_month(client, march):
    april = ledger_rows(client, "2025-04")["tp-ledger-a"]
    assert (april["fines_yuan"], april["records"]) == ("50.00", 1)
    assert april["major_demerits_year"] == 2 and april["repeated_rules"] == [
        "P-FRAUD", "P-LATE", "P-NOCALL"]


def test_penalty_ledger_of_one_technician_by_month_and_year(client, march):
    response = client.get(
        f"/api/v1/penalty_ledger/technician?technician_id={march['a']}&year=2025",
        headers=api_token(client, "gz-hr"))
    assert response.status_code == 200, response.json
    ledger = response.json["result"]
    by_month = {m["month"]: m for m in ledger["months"]}
    assert by_month["2025-01"]["major_demerits"] == 1
    assert by_month["2025-02"]["demerits"] == 1
    assert by_month["2025-03"]["fines_yuan"] == "316.00"
    assert by_month["2025-04"]["fines_yuan"] == "50.00"
    assert by_month["2025-05"]["fines_yuan"] == "0.00"
    assert (ledger["demerits_year"], ledger["major_demerits_year"]) == (1, 2)
    assert ledger["year_fines_yuan"] == "366.00"
    assert ledger["repeated_rules"] == ["P-FRAUD", "P-LATE", "P-NOCALL"]
    assert len(ledger["records"]) == 11


@pytest.mark.parametrize("query", ["month=2025-13", "month=2025-3", "month=abc", "",
                                   "month=2025-03-01", "month=0000-01"])
def test_penalty_ledger_bad_month_is_422(client, query):
    response = client.get(f"/api/v1/penalty_ledger/?{query}",
                          headers=api_token(client, "gz-hr"))
    assert response.status_code == 422
    assert "month" in response.json["message"]


def test_penalty_ledger_technician_view_refuses_junk(client, march):
    hr = api_token(client, "gz-hr")
    assert client.get("/api/v1/penalty_ledger/technician?year=2025",
                      headers=hr).status_code == 422
    assert client.get("/api/v1/penalty_ledger/technician?year=2025&technician_id=abc",
                      headers=hr).status_code == 422
    assert client.get(f"/api/v1/penalty_ledger/technician?technician_id={march['a']}"
                      "&year=20x5", headers=hr).status_code == 422
    assert client.get("/api/v1/penalty_ledger/technician?technician_id=987654&year=2025",
                      headers=hr).status_code == 404


@pytest.mark.parametrize("username, status", [("gz-tech1", 403), ("gz-manager", 403),
                                              ("dealer-a", (403, 404)), ("gz-admin", 200)])
def test_penalty_ledger_is_for_hr_and_site_admins(client, march, username, status):
    response = client.get("/api/v1/penalty_ledger/?month=2025-03",
                          headers=api_token(client, username))
    assert response.status_code in (status if isinstance(status, tuple) else (status,))


def test_penalty_ledger_hq_sees_nothing_of_it(client):
    response = client.get("/api/v1/penalty_ledger/?month=2025-03",
                          headers=api_token(client, "hq-root", "root"))
    assert response.status_code == 404  # the addon is off on hq


def test_penalty_ledger_payroll_export_xlsx(client, march):
    response = client.get("/api/v1/penalty_ledger/export?month=2025-03&format=xlsx",
                          headers=api_token(client, "gz-hr"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "payroll-deductions-gz-2025-03.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    summary, detail = workbook.worksheets
    header = [cell.value for cell in summary[1]]
    assert header[:7] == ["Month", "Username", "Name", "Fines (yuan)", "Rewards (yuan)",
                          "Net deduction (yuan)", "Phone allowance forfeited (times)"]
    rows = {row[1]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    a = rows["tp-ledger-a"]
    assert a[0] == "2025-03" and a[2] == "Ledger A"
    assert [D(str(v)) for v in a[3:6]] == [D("316"), D("100"), D("216")]
    assert a[6] == 1
    assert D(str(rows["tp-ledger-b"][5])) == D("-200")
    # formula injection neutralised: a text, never a formula
    evil_name = [cell for cell in summary["C"] if "HYPERLINK" in str(cell.value)][0]
    assert evil_name.value == '\'=HYPERLINK("http://evil.example") +1'
    assert evil_name.data_type == "s"
    evidence = {row[0]: row for row in detail.iter_rows(min_row=2, values_only=True)}
    texts = [row[9] for row in evidence.values() if row[2] == "tp-ledger-c"]
    assert sorted(texts) == sorted(["'@SUM(1+1)*cmd|' /C calc'!A0", "'\t=1+1"])
    assert all(cell.data_type != "f" for row in detail.iter_rows() for cell in row)
    assert all(cell.data_type != "f" for row in summary.iter_rows() for cell in row)
    lines_of_a = [row for row in evidence.values() if row[2] == "tp-ledger-a"]
    assert len(lines_of_a) == 8
    assert sum(D(str(row[7])) for row in lines_of_a) == D("316")
    assert sum(D(str(row[8])) for row in lines_of_a) == D("100")


def test_penalty_ledger_payroll_export_csv(client, march):
    response = client.get("/api/v1/penalty_ledger/export?month=2025-03&format=csv",
                          headers=api_token(client, "gz-hr"))
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Month", "Username", "Name"]
    by_user = {row[1]: row for row in rows[1:]}
    assert by_user["tp-ledger-a"][3:7] == ["316.00", "100.00", "216.00", "1"]
    assert by_user["tp-ledger-b"][5] == "-200.00"  # our own number, left as it is
    assert by_user["tp-ledger-c"][2] == '\'=HYPERLINK("http://evil.example") +1'
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r"))
                   for row in rows for cell in row)


def test_penalty_ledger_export_refuses_junk(client):
    hr = api_token(client, "gz-hr")
    assert client.get("/api/v1/penalty_ledger/export?month=2025-03&format=pdf",
                      headers=hr).status_code == 422
    assert client.get("/api/v1/penalty_ledger/export?month=March",
                      headers=hr).status_code == 422
    assert client.get("/api/v1/penalty_ledger/export?month=2025-03",
                      headers=api_token(client, "gz-tech1")).status_code == 403


def test_penalty_ledger_pages(client, march):
    login(client, "gz-hr")
    page = client.get("/penalty_ledger/?month=2025-03")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "tp-ledger-a" in text and 'class="danger"' in text
    year = client.get(f"/penalty_ledger/technician/{march['a']}?year=2025")
    assert year.status_code == 200 and "P-NOCALL" in year.get_data(as_text=True)
    export = client.get("/penalty_ledger/export?month=2025-03&format=csv")
    assert export.status_code == 200 and b"tp-ledger-a" in export.data
    assert client.get("/penalty_ledger/export?month=junk").status_code == 400
    assert client.get("/penalty_ledger/?month=junk").status_code == 200
