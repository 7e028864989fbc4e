"""The monthly service statistics [003 二.5.4] against a fixture month computed by
hand (``care_fixture``: October 2026 on a fresh Shanghai site), its statement count,
its XLSX and command, and the jobs of the 4th and the 5th."""
from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

from openpyxl import load_workbook

from core.extensions import db
from core import jobs
from tests.fixtures import api_token, as_system, login
from tests.test_indexes import caught_statements

from .care_fixture import SITE, care_site

UTC = datetime.datetime


def run_scheduled(app, job, now):
    with app.app_context():
        return jobs.run_scheduled("service_policy", job, now)


def figures(app, month="2026-10"):
    from addons.service_policy.monthly_statistics import monthly_figures

    known = care_site(app)
    with as_system(app, known["site"]):
        return monthly_figures(known["site"], month, now=UTC(2026, 11, 30))


def test_monthly_dispatches_person_days_and_costs_exclude_contract_installation(app):
    dispatches = figures(app)["dispatches"]
    # arrived in October, Shanghai time: r1 (10-06), r2 (10-12), r5 (10-01 00:30);
    # not r3 (11-01 00:30 local) and not the dispatch that never arrived
    assert dispatches["person_times"] == 3
    assert dispatches["person_days"] == Decimal("4.5")  # 2 + 1.5 typed + 1
    assert dispatches["labour_cost"] == Decimal("950.00")  # 300 + 450 + 200
    assert dispatches["material_cost"] == Decimal("185.75")  # 125.50 + 0 + 60.25
    assert dispatches["transport_cost"] == Decimal("200.00")  # 80 + 120 + 0
    # r2's visit was installation guidance the contract pays for: 450 + 0 + 120
    assert dispatches["contract_installation_cost"] == Decimal("570.00")
    # 950 + 185.75 + 200 - 570
    assert dispatches["total_cost"] == Decimal("765.75")


def test_monthly_requests_by_category_severity_and_24_hour_answer_compliance(app):
    report = figures(app)
    # received in October, Shanghai time: r1, r2, r3, r5 (not the consultation of
    # 11-01 00:10 local). r1 answered after 8 h, r5 after 1 h: in time; r2 after
    # 30 h and r3 never: late
    assert report["requests"] == [
        {"category": "non_quality", "severity": "general", "count": 1, "on_time": 0,
         "late": 1, "pending": 0},
        {"category": "quality", "severity": "general", "count": 1, "on_time": 0,
         "late": 1, "pending": 0},
        {"category": "quality", "severity": "important", "count": 1, "on_time": 1,
         "late": 0, "pending": 0},
        {"category": "quality", "severity": "major", "count": 1, "on_time": 1,
         "late": 0, "pending": 0},
    ]
    assert report["sla"] == {"count": 4, "on_time": 2, "late": 2, "pending": 0,
                             "compliance_percent": Decimal("50.0")}


def test_monthly_survey_averages_per_question(app):
    surveys = figures(app)["surveys"]
    # surveys of 10-08 (5, 4, 5, 5) and 10-31 (3, 2, 4, 3); the one of 11-01 is November
    assert surveys == {"count": 2, "score_response": Decimal("4.00"),
                       "score_attitude": Decimal("3.00"), "score_quality": Decimal("4.50"),
                       "score_overall": Decimal("4.00"),
                       "average": Decimal("3.88")}  # 31 / 8 = 3.875


def test_monthly_report_shows_what_enabled_addons_contribute(app):
    contributed = figures(app)["contributed"]
    assert [(f["key"], f["value"]) for f in contributed] == [("fx_child.echoes", 0)]


def test_monthly_report_api_answers_the_figures_as_json(app, client):
    care_site(app)
    headers = api_token(client, "fx-manager")
    response = client.get("/api/v1/report/monthly?month=2026-10", headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["dispatches"]["total_cost"] == "765.75"
    assert response.json["surveys"]["average"] == "3.88"
    assert response.json["first_day"] == "2026-10-01"
    bad = client.get("/api/v1/report/monthly?month=2026-13", headers=headers)
    assert bad.status_code == 422 and "month" in bad.json["message"]
    bad = client.get("/api/v1/report/monthly?month=2026-10&format=pdf", headers=headers)
    assert bad.status_code == 422 and "format" in bad.json["message"]


def test_monthly_report_xlsx_holds_the_figures(app, client):
    care_site(app)
    headers = api_token(client, "fx-manager")
    response = client.get("/api/v1/report/monthly?month=2026-10&format=xlsx",
                          headers=headers)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row}
    assert values["Total after-sales cost (yuan)"] == 765.75
    assert values["Person-days"] == 4.5
    assert values["Echoes"] == 0


def test_monthly_report_command_prints_json_and_writes_xlsx(app, runner, tmp_path):
    care_site(app)
    result = runner.invoke(args=["report", "monthly", "--site", SITE, "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["dispatches"]["labour_cost"] == "950.00"
    target = tmp_path / "october.xlsx"
    result = runner.invoke(args=["report", "monthly", "--site", SITE, "--month", "2026-10",
                                 "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert load_workbook(target).active["A1"].value == "Monthly service statistics"
    result = runner.invoke(args=["report", "monthly", "--site", "nowhere", "--month",
                                 "2026-10"])
    assert result.exit_code == 1
    result = runner.invoke(args=["report", "monthly", "--site", SITE, "--month", "10/2026"])
    assert result.exit_code == 1 and "YYYY-MM" in result.output


def _statements(app, client, headers, month):
    with app.app_context():
        engine = db.engine
    with caught_statements(engine) as statements:
        response = client.get(f"/api/v1/report/monthly?month={month}", headers=headers)
    assert response.status_code == 200
    return len(statements), response.json


def test_monthly_report_statement_count_does_not_grow_with_the_rows(app, client):
    from addons.service_policy.models import (SatisfactionSurvey, ServiceDispatch,
                                              ServiceRequest)

    known = care_site(app)
    headers = api_token(client, "fx-manager")
    customer = known["customers"]["FX customer one"]

    def add_month_of(rows):
        with as_system(app, known["site"]):
            from core.models import ErpUser

            tech = db.session.query(ErpUser).filter_by(username="fx-tech").one()
            for index in range(rows):
                received = UTC(2026, 8, 3 + index % 20, 3)
                request = ServiceRequest(site_id=known["site"], customer_id=customer,
                                         description="count", received_at=received,
                                         category=("quality", "other")[index % 2])
                db.session.add(request)
                db.session.flush()
                request.state = "closed"
                dispatch = ServiceDispatch(site_id=known["site"], request=request,
                                           technician_id=tech.id,
                                           agreed_on_site_at=received,
                                           labour_cost=Decimal("10.00"))
                db.session.add(dispatch)
                db.session.flush()
                dispatch.arrived_at = received
                db.session.add(SatisfactionSurvey(
                    site_id=known["site"], request=request,
                    surveyed_on=received.date(), score_response=4, score_attitude=4,
                    score_quality=4, score_overall=4))
            db.session.commit()

    add_month_of(3)
    _statements(app, client, headers, "2026-08")  # warm: permissions cached alike
    few, first = _statements(app, client, headers, "2026-08")
    add_month_of(30)
    many, second = _statements(app, client, headers, "2026-08")
    assert second["dispatches"]["person_times"] == first["dispatches"]["person_times"] + 30
    assert many == few
    assert few <= 12


def test_monthly_report_is_produced_on_the_4th_in_site_time_once(app):
    from addons.service_policy.models import MonthlyReport

    known = care_site(app)

    def report():
        with as_system(app, known["site"]):
            return db.session.query(MonthlyReport).filter_by(
                site_id=known["site"], month="2026-10").one_or_none()

    # 2026-11-03 23:00 in Shanghai: the 3rd, too early
    outcome = run_scheduled(app, "produce_monthly_report", UTC(2026, 11, 3, 15))
    assert outcome[SITE] == "done" and report() is None
    # 2026-11-04 00:30 in Shanghai: the 4th
    outcome = run_scheduled(app, "produce_monthly_report", UTC(2026, 11, 3, 16, 30))
    assert outcome[SITE] == "done"
    produced = report()
    assert produced.state == "produced" and produced.late is False
    assert produced.figures["dispatches"]["total_cost"] == "765.75"
    # fired again the same day (a second beat): nothing more
    again = run_scheduled(app, "produce_monthly_report", UTC(2026, 11, 3, 20))
    assert again[SITE] == "skipped"
    # the next day: the report exists, it is not made twice
    run_scheduled(app, "produce_monthly_report", UTC(2026, 11, 4, 20))
    with as_system(app, known["site"]):
        assert db.session.query(MonthlyReport).filter_by(
            site_id=known["site"], month="2026-10").count() == 1


def test_monthly_report_not_sent_by_the_5th_is_flagged_once_and_a_sent_one_is_not(app,
                                                                                   client):
    from addons.service_policy.models import MonthlyReport, ServiceNotification

    known = care_site(app)
    # September's report: produced on 2026-10-04, never sent
    run_scheduled(app, "produce_monthly_report", UTC(2026, 10, 4, 1))

    def state(month):
        with as_system(app, known["site"]):
            row = db.session.query(MonthlyReport).filter_by(site_id=known["site"],
                                                            month=month).one()
            notices = db.session.query(ServiceNotification).filter(
                ServiceNotification.site_id == known["site"],
                ServiceNotification.message.like(f"%{month} was not sent%")).count()
            return row.id, row.state, row.late, notices

    # 2026-10-05 23:00 in Shanghai: still the 5th
    run_scheduled(app, "flag_unsent_monthly_report", UTC(2026, 10, 5, 15))
    assert state("2026-09")[2:] == (False, 0)
    # 2026-10-06 00:30 in Shanghai: past the 5th
    run_scheduled(app, "flag_unsent_monthly_report", UTC(2026, 10, 5, 16, 30))
    assert state("2026-09")[2:] == (True, 1)  # one manager told
    run_scheduled(app, "flag_unsent_monthly_report", UTC(2026, 10, 7, 1))
    assert state("2026-09")[2:] == (True, 1)
    # November's report, sent on the 5th, is not flagged on the 6th
    run_scheduled(app, "produce_monthly_report", UTC(2026, 12, 4, 1))
    report_id = state("2026-11")[0]
    headers = api_token(client, "fx-manager")
    sent = client.post(f"/api/v1/monthly_report/{report_id}/send", json={},
                       headers=headers)
    assert sent.status_code == 200, sent.json
    again = client.post(f"/api/v1/monthly_report/{report_id}/send", json={},
                        headers=headers)
    assert again.status_code == 409
    # it goes to the quality centre (and the technical centre, management)
    quality = client.get("/api/v1/service_notification/?q=(page_size:100)",
                         headers=api_token(client, "fx-qa")).json["result"]
    assert any("2026-11 was sent to you" in row["message"] for row in quality)
    run_scheduled(app, "flag_unsent_monthly_report", UTC(2026, 12, 6, 1))
    assert state("2026-11")[1:] == ("sent", False, 0)


def test_monthly_statistics_page_draws_charts_and_the_download(app, client):
    care_site(app)
    login(client, "fx-manager")
    page = client.get("/monthly_statistics/?month=2026-10")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count("<svg") >= 4 and "765.75" in text and "Echoes" in text
    assert 'id="monthly-xlsx"' in text and "progress-bar" in text
    download = client.get("/monthly_statistics/xlsx?month=2026-10")
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert client.get("/monthly_statistics/?month=nope").status_code == 422


def test_dealers_get_no_monthly_statistics(app, client):
    headers = api_token(client, "dealer-a")
    assert client.get("/api/v1/report/monthly?month=2026-10",
                      headers=headers).status_code in (403, 404)
