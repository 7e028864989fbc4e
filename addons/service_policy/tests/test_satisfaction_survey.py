"""Satisfaction surveys of served requests [001 二.5.d; 003 二.3.5]: a score from 1 to 5
per question, one survey per request; the analysis averages by dealer, technician
and month; dealers see only their own surveys."""
from __future__ import annotations

import datetime
from decimal import Decimal

from core.extensions import db
from tests.fixtures import api_token, as_system

from .care_fixture import care_site
from .helpers import ids, new_request


def _served_request(app, dealer_code):
    """A closed request of a demo dealer without a survey yet."""
    from addons.service_policy.models import SatisfactionSurvey, ServiceRequest

    known = ids(app)
    with as_system(app, known["gz"]):
        surveyed = db.session.query(SatisfactionSurvey.request_id)
        request = db.session.query(ServiceRequest).filter(
            ServiceRequest.dealer_id == known["dealers"][dealer_code],
            ServiceRequest.state == "closed", ServiceRequest.id.notin_(surveyed)).first()
        if request is None:
            customer = known["customers"][dealer_code]["customer"]
            request = ServiceRequest(site_id=known["gz"], customer_id=customer,
                                     description="survey test")
            db.session.add(request)
            db.session.flush()
            request.state = "closed"
            db.session.commit()
        return request.id


SCORES = {"score_response": 4, "score_attitude": 5, "score_quality": 3, "score_overall": 4}


def test_survey_scores_each_question_from_1_to_5(app, client):
    headers = api_token(client, "dealer-a")
    request_id = _served_request(app, "dealer-a")
    body = {"request": request_id, "surveyed_on": "2026-11-02", **SCORES,
            "score_quality": 6, "score_response": 0}
    response = client.post("/api/v1/satisfaction_survey/", json=body, headers=headers)
    assert response.status_code == 422
    assert set(response.json["message"]) >= {"score_quality", "score_response"}
    response = client.post("/api/v1/satisfaction_survey/", json={
        "request": request_id, "surveyed_on": "2026-11-02", **SCORES,
        "comment": "满意"}, headers=headers)
    assert response.status_code == 201, response.json
    survey = client.get(f"/api/v1/satisfaction_survey/{response.json['id']}",
                        headers=headers).json["result"]
    known = ids(app)
    assert survey["dealer_id"] == known["dealers"]["dealer-a"]
    # one survey per request
    again = client.post("/api/v1/satisfaction_survey/", json={
        "request": request_id, "surveyed_on": "2026-11-03", **SCORES}, headers=headers)
    assert again.status_code == 422


def test_survey_only_of_a_served_request(app, client):
    headers = api_token(client, "gz-manager")
    known = ids(app)
    request_id = new_request(client, headers, known["customers"]["dealer-a"]["customer"])
    response = client.post("/api/v1/satisfaction_survey/", json={
        "request": request_id, "surveyed_on": "2026-11-02", **SCORES}, headers=headers)
    assert response.status_code == 422 and "request" in response.json["message"]


def test_dealers_see_only_their_own_surveys(app, client):
    known = ids(app)
    b_request = _served_request(app, "dealer-b")
    manager = api_token(client, "gz-manager")
    created = client.post("/api/v1/satisfaction_survey/", json={
        "request": b_request, "surveyed_on": "2026-11-04", **SCORES}, headers=manager)
    assert created.status_code == 201, created.json
    dealer_a = api_token(client, "dealer-a")
    listed = client.get("/api/v1/satisfaction_survey/?q=(page_size:100)", headers=dealer_a)
    assert listed.status_code == 200 and listed.json["count"] >= 1
    assert {row["dealer_id"] for row in listed.json["result"]} == {known["dealers"]["dealer-a"]}
    assert client.get(f"/api/v1/satisfaction_survey/{created.json['id']}",
                      headers=dealer_a).status_code == 404
    # nor can they survey another dealer's request
    other = _served_request(app, "dealer-b")
    refused = client.post("/api/v1/satisfaction_survey/", json={
        "request": other, "surveyed_on": "2026-11-04", **SCORES}, headers=dealer_a)
    assert refused.status_code in (404, 422)
    analysis = client.get("/api/v1/satisfaction_survey/analysis?from=2025-01&to=2026-12",
                          headers=dealer_a)
    assert analysis.status_code == 200, analysis.json
    assert [row["key"] for row in analysis.json["by_dealer"]] == [known["dealers"]["dealer-a"]]
    everyone = client.get("/api/v1/satisfaction_survey/analysis?from=2025-01&to=2026-12",
                          headers=manager).json["by_dealer"]
    assert {row["key"] for row in everyone} >= set(known["dealers"].values())


def test_survey_analysis_averages_by_dealer_technician_and_month(app):
    """The fixture's surveys: dealer one (5, 4, 5, 5) on 10-08 and (1, 1, 1, 1) on
    11-01; dealer two (3, 2, 4, 3) on 10-31."""
    from addons.service_policy.survey_analysis import survey_analysis

    known = care_site(app)
    with as_system(app, known["site"]):
        report = survey_analysis(known["site"], datetime.date(2026, 10, 1),
                                 datetime.date(2026, 11, 30))
    by_dealer = {row["key"]: row for row in report["by_dealer"]}
    one = by_dealer[known["dealers"]["fx-d1"]]
    assert one["count"] == 2
    assert one["score_response"] == Decimal("3.00")  # (5 + 1) / 2
    assert one["score_attitude"] == Decimal("2.50")  # (4 + 1) / 2
    assert one["average"] == Decimal("2.88")  # (19 + 4) / 8 = 2.875
    two = by_dealer[known["dealers"]["fx-d2"]]
    assert (two["count"], two["average"]) == (1, Decimal("3.00"))  # 12 / 4
    by_month = {row["key"]: row for row in report["by_month"]}
    assert by_month["2026-10"]["count"] == 2
    assert by_month["2026-10"]["score_quality"] == Decimal("4.50")
    assert by_month["2026-11"]["score_overall"] == Decimal("1.00")
    # a survey's technician is the one of the request's signed service record: r1's
    # is fx-tech; the other requests have no record
    fx_tech = [row for row in report["by_technician"] if "fx-tech" in row["label"]]
    assert [(row["count"], row["average"]) for row in fx_tech] == [(1, Decimal("4.75"))]
    assert sum(row["count"] for row in report["by_technician"]) == 3


def test_survey_form_refuses_a_score_of_6_on_the_form_and_saves_a_good_one(app, client):
    from tests.fixtures import login

    request_id = _served_request(app, "dealer-a")
    login(client, "dealer-a")
    form = {"request": str(request_id), "surveyed_on": "2026-11-05", "score_response": "6",
            "score_attitude": "4", "score_quality": "4", "score_overall": "4",
            "comment": "师傅很专业"}
    refused = client.post("/satisfactionsurveyview/add", data=form)
    assert refused.status_code in (200, 422)
    assert "Give a score from 1 to 5." in refused.get_data(as_text=True)
    saved = client.post("/satisfactionsurveyview/add", data={**form, "score_response": "5"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    listed = client.get("/satisfactionsurveyview/list/").get_data(as_text=True)
    assert "2026-11-05" in listed
    analysis = client.get("/satisfactionsurveyview/analysis/?from=2026-01&to=2026-12")
    assert analysis.status_code == 200 and "<svg" in analysis.get_data(as_text=True)
    assert client.get("/satisfactionsurveyview/analysis/?from=2026-12&to=2026-01"
                      ).status_code == 422
