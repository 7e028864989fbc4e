"""GET /api/v1/sixs_score/monthly and the score page with its charts."""
import datetime

from tests.fixtures import api_token, login

from .helpers import cleanup_failures, make_site, month_times, violations

FIELDS = {"person", "violations", "cleanup_failures", "points", "deduction_yuan",
          "best_count", "worst_count", "reward_yuan", "penalty_yuan"}


def test_sixs_monthly_api_answers_one_row_per_person_of_the_caller_s_site(app, client):
    site, other = make_site(app), make_site(app)
    violations(app, site.id, site.people[0], month_times(2026, 11, 7, start_day=2))
    cleanup_failures(app, site.id, site.people[0], [datetime.datetime(2026, 11, 6, 10)])
    violations(app, other.id, other.people[0], month_times(2026, 11, 1))
    headers = api_token(client, f"{site.code}-manager")
    answer = client.get("/api/v1/sixs_score/monthly?month=2026-11", headers=headers)
    assert answer.status_code == 200
    rows = {row["person_id"]: row for row in answer.json["result"]}
    assert set(rows) == set(site.people)
    assert FIELDS <= set(rows[site.people[0]])
    assert (rows[site.people[0]]["points"], rows[site.people[0]]["deduction_yuan"]) == (
        33, "66.00")


def test_sixs_monthly_api_refuses_a_bad_month_with_422(app, client):
    site = make_site(app)
    headers = api_token(client, f"{site.code}-manager")
    for month in ("2026-13", "2026-1", "november", "2026-00", "0000-01", "2026-11-01",
                  "x" * 500):
        answer = client.get(f"/api/v1/sixs_score/monthly?month={month}", headers=headers)
        assert answer.status_code == 422, month
        assert "month" in answer.json["message"]
        assert client.get(f"/api/v1/sixs_score/charts?month={month}",
                          headers=headers).status_code == 422
    assert client.get("/api/v1/sixs_score/monthly", headers=headers).status_code == 200


def test_sixs_technician_gets_their_own_row_only(app, client):
    site = make_site(app)
    violations(app, site.id, site.tech, month_times(2021, 9, 1))
    violations(app, site.id, site.people[1], month_times(2021, 9, 3))
    headers = api_token(client, f"{site.code}-tech")
    rows = client.get("/api/v1/sixs_score/monthly?month=2021-09", headers=headers).json
    assert [(row["person_id"], row["points"]) for row in rows["result"]] == [(site.tech, 2)]
    charts = client.get("/api/v1/sixs_score/charts?month=2021-09", headers=headers).json
    assert sum(row["points"] for row in charts["by_s"]) == 2


def test_sixs_system_admin_names_the_site(app, client):
    site = make_site(app)
    headers = api_token(client, "admin", "admin")
    assert client.get("/api/v1/sixs_score/monthly?month=2021-09",
                      headers=headers).status_code == 422
    answer = client.get(f"/api/v1/sixs_score/monthly?month=2021-09&site_id={site.id}",
                        headers=headers)
    assert answer.status_code == 200 and answer.json["site_id"] == site.id


def test_sixs_charts_give_points_by_s_area_team_and_the_trend(app, client):
    from core.extensions import db
    from tests.fixtures import as_system
    from ..models import SixsTeamMember

    site = make_site(app)
    with as_system(app, site.id):
        db.session.add(SixsTeamMember(site_id=site.id, person_id=site.people[0], team="A"))
        db.session.commit()
    violations(app, site.id, site.people[0], month_times(2021, 10, 2), code="TC-05")
    violations(app, site.id, site.people[1], month_times(2021, 10, 1), code="OF-01")
    violations(app, site.id, site.people[1], month_times(2021, 8, 1), code="OF-01")
    cleanup_failures(app, site.id, site.people[1], [datetime.datetime(2021, 10, 8, 10)])
    headers = api_token(client, f"{site.code}-hr")
    charts = client.get("/api/v1/sixs_score/charts?month=2021-10", headers=headers).json
    assert {r["key"]: r["points"] for r in charts["by_s"]} == {
        "seiri": 4, "shitsuke": 2, "cleanup": 10}
    assert {r["key"]: r["points"] for r in charts["by_area"]} == {
        "tool_cart": 4, "office": 2, "cleanup": 10}
    assert {r["key"]: r["points"] for r in charts["by_team"]} == {"A": 4, "": 12}
    trend = {r["month"]: r["points"] for r in charts["trend"]}
    assert len(trend) == 12 and trend["2021-10"] == 16 and trend["2021-08"] == 2
    assert trend["2021-09"] == 0 and "2020-11" in trend


def test_sixs_score_page_shows_the_ranking_and_four_charts(app, client):
    site = make_site(app)
    violations(app, site.id, site.people[0], month_times(2021, 10, 5))
    login(client, f"{site.code}-manager")
    page = client.get("/sixs_score/?month=2021-10")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="sixs-chart"') == 4  # by S, by area, by team, trend
    assert "13" in html and "26.00" in html and site.code in html
    bad = client.get("/sixs_score/?month=2021-13")
    assert bad.status_code == 422 and "YYYY-MM" in bad.get_data(as_text=True)
    zh = client.get("/sixs_score/?month=2021-10&_l_=zh_CN")
    assert zh.status_code == 200


def test_sixs_score_page_for_a_technician_and_nobody_else_outside(app, client):
    site = make_site(app)
    login(client, f"{site.code}-tech")
    assert client.get("/sixs_score/").status_code == 200
    dealer = app.test_client()
    login(dealer, "dealer-a")
    assert dealer.get("/sixs_score/").status_code in (302, 403)
