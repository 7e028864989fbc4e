"""Closing a month: the event per person with money, once; the figures stand."""
import contextlib
import datetime

from sqlalchemy import func, select

from core.extensions import db

from tests.fixtures import api_token, as_system

from .. import jobs
from ..models import SixsMonthClose
from .helpers import (cleanup_failures, confirmed_selections, make_site, month_times, score,
                      set_setting, violations)

EVENT = "inspection_6s.month_closed"


@contextlib.contextmanager
def received_events(app):
    """Listen to the event as an enabled addon would (the penalties addon is not
    needed here): the host's own delivery calls this listener."""
    received = []
    listeners = app.extensions["erp_event_listeners"]
    saved = list(listeners.get(EVENT, []))
    listeners[EVENT] = saved + [("inspection_6s", lambda **payload: received.append(payload))]
    try:
        yield received
    finally:
        listeners[EVENT] = saved


def test_sixs_month_close_emits_each_person_s_figures_once(app):
    site = make_site(app)
    offender, best, idle = site.people
    violations(app, site.id, offender, month_times(2021, 2, 7, start_day=2))
    cleanup_failures(app, site.id, offender, [datetime.datetime(2021, 2, 5, 11)])
    confirmed_selections(app, site.id, [datetime.date(2021, 2, d) for d in (5, 12, 19, 26)],
                         best=best, worst=offender)
    with received_events(app) as received, as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-03")
        db.session.commit()
        jobs.close_month(site_id=site.id, period="2021-03")  # run twice: nothing new
        db.session.commit()
    by_person = {event["person_id"]: event for event in received}
    assert len(received) == 2 and idle not in by_person  # no money, no event
    assert by_person[offender] == {
        "site_id": site.id, "month": "2021-02", "person_id": offender, "points": 33,
        "deduction_yuan": "66.00", "reward_yuan": "0.00", "penalty_yuan": "100.00",
        "violations": 7, "cleanup_failures": 1, "best_count": 0, "worst_count": 4,
        "source_ref": f"inspection_6s:2021-02:{offender}"}
    assert by_person[best]["reward_yuan"] == "100.00"
    assert by_person[best]["deduction_yuan"] == "0.00"
    with as_system(app, site.id):
        closes = db.session.execute(select(SixsMonthClose).where(
            SixsMonthClose.site_id == site.id)).scalars().all()
        assert [(c.month, c.events) for c in closes] == [("2021-02", 2)]


def test_sixs_closed_month_figures_stand_when_settings_change(app):
    site = make_site(app)
    person = site.people[0]
    violations(app, site.id, person, month_times(2021, 2, 5))
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-03")
        db.session.commit()
    set_setting(app, site.id, "yuan_per_point", "10.00")
    assert score(app, site.id, "2021-02")[person]["deduction_yuan"] == "26.00"
    violations(app, site.id, person, month_times(2021, 3, 1))
    assert score(app, site.id, "2021-03")[person]["deduction_yuan"] == "20.00"


def test_sixs_closed_month_refuses_new_and_changed_violations(app, client):
    site = make_site(app)
    person = site.people[1]
    [kept] = violations(app, site.id, person, month_times(2021, 2, 1))
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-03")
        db.session.commit()
    headers = api_token(client, f"{site.code}-manager")
    refused = client.post("/api/v1/sixs_violation/", headers=headers, json={
        "person_id": person, "kind": "cleanup", "occurred_at": "2021-02-12T10:00:00"})
    assert refused.status_code == 422
    assert "closed" in str(refused.json["message"])
    moved = client.put(f"/api/v1/sixs_violation/{kept}", headers=headers,
                       json={"occurred_at": "2021-03-02T10:00:00"})
    assert moved.status_code == 422
    assert client.delete(f"/api/v1/sixs_violation/{kept}", headers=headers).status_code == 422
    noted = client.put(f"/api/v1/sixs_violation/{kept}", headers=headers,
                       json={"note": "seen again"})
    assert noted.status_code == 200  # a note changes no figure


def test_sixs_month_close_job_closes_every_earlier_open_month_with_facts(app):
    site = make_site(app)
    for month in (1, 2, 4):
        violations(app, site.id, site.people[0], month_times(2021, month, 1))
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-04")
        db.session.commit()
        months = db.session.execute(select(SixsMonthClose.month).where(
            SixsMonthClose.site_id == site.id).order_by(SixsMonthClose.month)).scalars().all()
    assert months == ["2021-01", "2021-02"]  # April is the current month: open


def test_sixs_month_close_twice_at_once_keeps_one_close(app):
    from ..closing import close_month

    site = make_site(app)
    violations(app, site.id, site.people[0], month_times(2021, 2, 1))
    with as_system(app, site.id):
        assert close_month(site.id, "2021-02") is not None
        assert close_month(site.id, "2021-02") is None
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(SixsMonthClose).where(
            SixsMonthClose.site_id == site.id)) == 1


def test_sixs_monthly_api_serves_a_closed_month_as_handed_on(app, client):
    site = make_site(app)
    violations(app, site.id, site.people[0], month_times(2021, 2, 7))
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-03")
        db.session.commit()
    headers = api_token(client, f"{site.code}-hr")
    answer = client.get("/api/v1/sixs_score/monthly?month=2021-02", headers=headers)
    assert answer.status_code == 200 and answer.json["closed"] is True
    rows = {row["person_id"]: row for row in answer.json["result"]}
    assert (rows[site.people[0]]["points"], rows[site.people[0]]["deduction_yuan"]) == (
        23, "46.00")


def test_sixs_closed_month_refuses_changed_selections(app, client):
    site = make_site(app)
    [pk] = confirmed_selections(app, site.id, [datetime.date(2021, 2, 5)], best=site.people[0])
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2021-03")
        db.session.commit()
    headers = api_token(client, f"{site.code}-manager")
    assert client.post(f"/api/v1/sixs_weekly_selection/{pk}/reopen", headers=headers,
                       json={"reason": "late"}).status_code == 409
    assert client.post("/api/v1/sixs_weekly_selection/", headers=headers,
                       json={"week_start": "2021-02-10"}).status_code == 422
