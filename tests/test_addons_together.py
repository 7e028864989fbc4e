"""Addons working together through the host's events, end to end.

service_policy and inspection_6s announce facts; technician_penalty, where it is
enabled on the same site, turns them into *proposed* records for the manager and HR.
Neither side imports the other: these tests drive each addon through its own API or
job and read the result through the other's.
"""
import datetime
import decimal

from sqlalchemy import select

from core import sites
from core.extensions import db
from core.models import Site

from addons.inspection_6s import jobs as sixs_jobs
from addons.inspection_6s.tests.helpers import (cleanup_failures, make_site, month_times,
                                                violations)
from addons.service_policy.tests.helpers import act, ids, manager, new_request
from addons.technician_penalty.models import PenaltyRecord, PenaltyRule
from tests.fixtures import api_token, as_system


def penalty_records(app, site_id, source_kind, source_id=None):
    with as_system(app, site_id):
        query = (select(PenaltyRule.code, PenaltyRecord.state, PenaltyRecord.amount,
                        PenaltyRecord.technician_id, PenaltyRecord.source_id)
                 .join(PenaltyRule, PenaltyRule.id == PenaltyRecord.rule_id)
                 .where(PenaltyRecord.site_id == site_id,
                        PenaltyRecord.source_kind == source_kind)
                 .order_by(PenaltyRule.code))
        if source_id is not None:
            query = query.where(PenaltyRecord.source_id == source_id)
        return [tuple(row) for row in db.session.execute(query)]


def test_late_arrival_and_leaving_without_calling_become_proposed_penalties(app, client):
    known = ids(app)
    headers = manager(client)
    technician = known["users"]["gz-tech1"]
    request_id = new_request(client, headers, known["customers"]["dealer-a"]["customer"])
    assert act(client, headers, "service_request", request_id, "acknowledge").status_code \
        == 200
    agreed = datetime.datetime.utcnow() - datetime.timedelta(minutes=30)
    dispatched = client.post("/api/v1/service_dispatch/", headers=headers, json={
        "request": request_id, "technician": technician,
        "agreed_on_site_at": agreed.isoformat(timespec="seconds")})
    assert dispatched.status_code == 201, dispatched.json
    dispatch_id = dispatched.json["id"]
    tech = api_token(client, "gz-tech1")
    assert act(client, tech, "service_dispatch", dispatch_id, "arrive").status_code == 200
    assert act(client, tech, "service_dispatch", dispatch_id, "depart").status_code == 200
    # 003 二.4.5 and 二.4.4: 50 yuan each, proposed for the manager to verify
    assert penalty_records(app, known["gz"], "late_arrival", dispatch_id) == [
        ("P-LATE", "proposed", decimal.Decimal("50.00"), technician, dispatch_id)]
    assert penalty_records(app, known["gz"], "left_without_calling", dispatch_id) == [
        ("P-NOCALL", "proposed", decimal.Decimal("50.00"), technician, dispatch_id)]
    # a second arrival is refused by the dispatch, so nothing is proposed twice
    assert act(client, tech, "service_dispatch", dispatch_id, "arrive").status_code == 409
    assert len(penalty_records(app, known["gz"], "late_arrival", dispatch_id)) == 1


def test_closed_6s_month_becomes_proposed_penalties_where_both_are_enabled(app):
    site = make_site(app)
    with as_system(app):
        sites.enable(db.session.get(Site, site.id), "technician_penalty")
        db.session.commit()
    person, other = site.people[0], site.people[1]
    # domain.md's worked example: 7 violations (4 x 2 + 3 x 5) + 1 failed clean-up (10)
    # = 33 points = 66 yuan; one violation alone is 2 points = 4 yuan
    violations(app, site.id, person, month_times(2021, 3, 7))
    cleanup_failures(app, site.id, person, month_times(2021, 3, 1, start_day=12))
    violations(app, site.id, other, month_times(2021, 3, 1))
    with as_system(app, site.id):
        sixs_jobs.close_month(site_id=site.id, period="2021-04")
        db.session.commit()
    assert sorted(penalty_records(app, site.id, "sixs_month"), key=lambda r: r[3]) == [
        ("P-6S-MONTH", "proposed", decimal.Decimal("66.00"), person, None),
        ("P-6S-MONTH", "proposed", decimal.Decimal("4.00"), other, None)]
    with as_system(app, site.id):  # the job fired again closes nothing new
        sixs_jobs.close_month(site_id=site.id, period="2021-04")
        db.session.commit()
    assert len(penalty_records(app, site.id, "sixs_month")) == 2


def test_closed_6s_month_without_the_penalties_addon_keeps_its_figures(app):
    from addons.inspection_6s.closing import closed_month

    site = make_site(app)  # inspection_6s only
    violations(app, site.id, site.people[0], month_times(2021, 3, 5))
    with as_system(app, site.id):
        sixs_jobs.close_month(site_id=site.id, period="2021-04")
        db.session.commit()
        closed = closed_month(site.id, "2021-03")
        figures = {row["person_id"]: row["deduction_yuan"] for row in closed.results}
    # 4 x 2 + 1 x 5 = 13 points = 26 yuan
    assert figures[site.people[0]] == "26.00"
    assert penalty_records(app, site.id, "sixs_month") == []
