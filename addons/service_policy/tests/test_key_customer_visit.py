"""Key customers are visited at least once a year [001 二.5.a]: the list of those not
visited in the last 12 months (the anniversary of the last visit is too late), and
the monthly reminder, sent once per site and month."""
from __future__ import annotations

import datetime

from core import jobs
from core.extensions import db
from tests.fixtures import api_token, as_system

from .care_fixture import SITE, care_site


def due_names(app, today):
    from addons.service_policy.models.key_customer_visit import due_key_customers

    known = care_site(app)
    with as_system(app, known["site"]):
        return [c.name for c in db.session.execute(
            due_key_customers(known["site"], today)).scalars()]


def test_key_customer_visited_2025_11_22_is_due_on_2026_11_22_not_before(app):
    # never visited: due; not a key customer: never listed; visited 2026-06-01: fine
    assert due_names(app, datetime.date(2026, 11, 21)) == ["FX key never"]
    assert due_names(app, datetime.date(2026, 11, 22)) == ["FX key never", "FX key visited"]


def test_a_visit_moves_the_last_visit_forward_never_back(app, client):
    from addons.service_policy.models import Customer

    known = care_site(app)
    headers = api_token(client, "fx-manager")
    customer_id = known["customers"]["FX key recent"]
    response = client.post("/api/v1/key_customer_visit/", json={
        "customer": customer_id, "visited_on": "2026-05-01", "opinions": "旧的走访补录"},
        headers=headers)
    assert response.status_code == 201, response.json
    with as_system(app, known["site"]):
        assert db.session.get(Customer, customer_id).last_visit_on == datetime.date(2026, 6, 1)
    future = client.post("/api/v1/key_customer_visit/", json={
        "customer": customer_id, "visited_on": "2099-01-01"}, headers=headers)
    assert future.status_code == 422


def test_due_list_api_and_dealer_scope(app, client):
    known = care_site(app)
    manager = client.get("/api/v1/key_customer_visit/due",
                         headers=api_token(client, "fx-manager"))
    assert manager.status_code == 200
    names = [row["name"] for row in manager.json["result"]]
    assert "FX key never" in names and "FX plain" not in names
    dealer = client.get("/api/v1/key_customer_visit/due",
                        headers=api_token(client, "fx-dealer1"))
    assert {row["dealer_id"] for row in dealer.json["result"]} == {known["dealers"]["fx-d1"]}


def test_key_customer_reminder_runs_once_per_site_and_month(app):
    from addons.service_policy.models import ServiceNotification

    known = care_site(app)

    def notices():
        with as_system(app, known["site"]):
            return db.session.query(ServiceNotification).filter(
                ServiceNotification.site_id == known["site"],
                ServiceNotification.message.like("%key customers were not visited%")).all()

    before = len(notices())
    with app.app_context():
        first = jobs.run_scheduled("service_policy", "remind_key_customer_visits",
                                   datetime.datetime(2026, 12, 1, 1))
        second = jobs.run_scheduled("service_policy", "remind_key_customer_visits",
                                    datetime.datetime(2026, 12, 20, 1))
    assert (first[SITE], second[SITE]) == ("done", "skipped")
    sent = notices()[before:]
    # the site's manager (everything due) and fx-d1's dealer user (their own)
    assert len(sent) == 2
    assert any("FX key never" in notice.message for notice in sent)
