"""The Friday selection: proposed by the system, confirmed (or changed) by a
manager; walked once per role."""
import datetime

from core.extensions import db

from tests.fixtures import api_token, as_system

from ..models.sixs_weekly_selection import propose_week
from .helpers import make_site, month_times, violations, score


def test_sixs_weekly_proposal_is_the_fewest_and_the_most_points_of_the_week(app):
    site = make_site(app, people=4)
    a, b, c, d = site.people
    week = datetime.date(2021, 6, 7)  # Monday; Friday 11 June
    violations(app, site.id, a, month_times(2021, 6, 3, start_day=7))     # 6 points
    violations(app, site.id, b, month_times(2021, 6, 1, start_day=8))     # 2 points
    violations(app, site.id, c, month_times(2021, 6, 3, start_day=8))     # 6 points
    violations(app, site.id, c, month_times(2021, 6, 1, start_day=1))     # earlier in June
    with as_system(app, site.id):
        best, worst = propose_week(db.session, site.id, week)
    # worst: a and c tie on 6 this week; c has more in the month so far (8 vs 6)
    assert worst == c
    # best: d has no deduction at all
    assert best == d


def test_sixs_weekly_proposal_ties_go_to_the_lowest_user_id(app):
    site = make_site(app, people=3)
    a, b, c = site.people
    week = datetime.date(2021, 6, 14)
    with as_system(app, site.id):
        best, worst = propose_week(db.session, site.id, week)
    assert (best, worst) == (min(a, b, c), None)  # nobody lost a point: no worst
    violations(app, site.id, b, month_times(2021, 6, 1, start_day=15))
    violations(app, site.id, c, month_times(2021, 6, 1, start_day=16))
    with as_system(app, site.id):
        best, worst = propose_week(db.session, site.id, week)
    assert (best, worst) == (a, min(b, c))


def test_sixs_weekly_selection_walk_per_role(app, client):
    site = make_site(app)
    a, b, c = site.people
    violations(app, site.id, b, month_times(2021, 7, 2, start_day=5))
    manager = api_token(client, f"{site.code}-manager")
    created = client.post("/api/v1/sixs_weekly_selection/", headers=manager,
                          json={"week_start": "2021-07-08"})  # a Thursday
    assert created.status_code == 201, created.json
    pk = created.json["id"]
    row = client.get(f"/api/v1/sixs_weekly_selection/{pk}", headers=manager).json["result"]
    assert (row["week_start"], row["friday"], row["month"], row["state"]) == (
        "2021-07-05", "2021-07-09", "2021-07", "proposed")
    assert (row["proposed_worst_id"], row["worst_person_id"]) == (b, b)
    assert row["best_person_id"] == row["proposed_best_id"] == a
    twice = client.post("/api/v1/sixs_weekly_selection/", headers=manager,
                        json={"week_start": "2021-07-06"})
    assert twice.status_code == 422  # one selection per week
    for user in ("tech", "hr", "admin"):
        headers = api_token(client, f"{site.code}-{user}")
        assert client.post(f"/api/v1/sixs_weekly_selection/{pk}/confirm", headers=headers,
                           json={}).status_code == 403, user
        assert client.put(f"/api/v1/sixs_weekly_selection/{pk}", headers=headers,
                          json={"best_person_id": c}).status_code == 403, user
    hr = api_token(client, f"{site.code}-hr")
    assert client.get(f"/api/v1/sixs_weekly_selection/{pk}", headers=hr).status_code == 200
    tech = api_token(client, f"{site.code}-tech")
    assert client.get(f"/api/v1/sixs_weekly_selection/{pk}", headers=tech).status_code == 403
    same = client.put(f"/api/v1/sixs_weekly_selection/{pk}", headers=manager,
                      json={"best_person_id": b})
    assert same.status_code == 422  # best and worst are two people
    changed = client.put(f"/api/v1/sixs_weekly_selection/{pk}", headers=manager,
                         json={"best_person_id": c})
    assert changed.status_code == 200
    confirmed = client.post(f"/api/v1/sixs_weekly_selection/{pk}/confirm", headers=manager,
                            json={})
    assert confirmed.status_code == 200 and confirmed.json["result"]["state"] == "confirmed"
    assert confirmed.json["result"]["proposed_best_id"] == a  # the proposal is kept
    assert client.put(f"/api/v1/sixs_weekly_selection/{pk}", headers=manager,
                      json={"best_person_id": a}).status_code == 422
    assert client.post(f"/api/v1/sixs_weekly_selection/{pk}/reopen", headers=manager,
                       json={}).status_code == 422  # a reason is required
    reopened = client.post(f"/api/v1/sixs_weekly_selection/{pk}/reopen", headers=manager,
                           json={"reason": "wrong person"})
    assert reopened.status_code == 200 and reopened.json["result"]["state"] == "proposed"
    again = client.post(f"/api/v1/sixs_weekly_selection/{pk}/repropose", headers=manager,
                        json={})
    assert again.status_code == 200 and again.json["result"]["best_person_id"] == a
    assert client.post(f"/api/v1/sixs_weekly_selection/{pk}/confirm", headers=manager,
                       json={}).status_code == 200
    rows = score(app, site.id, "2021-07")
    assert (rows[a]["best_count"], rows[b]["worst_count"]) == (1, 1)
