"""Events of service_policy, inspection_6s and travel_expense become proposed
records, once per source event.  The tests emit the documented payloads."""
import decimal

import pytest

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from addons.technician_penalty.models import PenaltyRecord
from core import sites
from core.events import emit
from core.extensions import db
from tests.fixtures import api_token, as_system

from .common import gz_id, make_person

D = decimal.Decimal


def emit_twice(app, event, site_id, **payload):
    for _ in range(2):
        with as_system(app, site_id):
            emit(event, site_id, **payload)
            db.session.commit()


def records_of(app, prefix):
    with as_system(app):
        return db.session.execute(
            select(PenaltyRecord).options(joinedload(PenaltyRecord.rule)).where(PenaltyRecord.source_ref.like(f"{prefix}%"))
            .order_by(PenaltyRecord.source_ref)).scalars().all()


def test_events_late_arrival_becomes_one_proposed_p_late(app):
    technician = make_person(app, "tp-event-tech")
    emit_twice(app, "service_policy.late_arrival", gz_id(app), technician_id=technician,
               dispatch_id=90001, occurred_at="2015-11-30T17:00:00+00:00", minutes_late=35,
               source_ref="service_policy:late:90001")
    [record] = records_of(app, "service_policy:late:90001")
    assert (record.state, record.source_kind, record.source_id, record.technician_id) == \
        ("proposed", "late_arrival", 90001, technician)
    assert (record.rule.code, record.sanction, record.amount) == ("P-LATE", "fine",
                                                                  D("50.00"))
    assert record.source_detail["minutes_late"] == 35
    with as_system(app, gz_id(app)):
        assert db.session.get(PenaltyRecord, record.id).month == "2015-12"  # Shanghai


def test_events_no_call_complaint_and_fraud_each_propose_their_rule(app):
    technician = make_person(app, "tp-event-tech")
    site_id = gz_id(app)
    emit_twice(app, "service_policy.left_without_calling", site_id,
               technician_id=technician, dispatch_id=90002,
               occurred_at="2026-11-10T03:00:00", source_ref="service_policy:nocall:90002")
    emit_twice(app, "service_policy.attitude_complaint", site_id, technician_id=technician,
               request_id=90003, occurred_at="2026-11-11T03:00:00",
               description="Rude on the phone", source_ref=(
                   f"service_policy:attitude:90003:{technician}"))
    emit_twice(app, "travel_expense.fraud_found", site_id, technician_id=technician,
               claim_id=90004, occurred_at="2026-11-12T03:00:00",
               description="Forged hotel receipt", source_ref="travel_expense:fraud:90004")
    found = {r.rule.code: r for r in records_of(app, "service_policy:nocall:90002")
             + records_of(app, "service_policy:attitude:90003")
             + records_of(app, "travel_expense:fraud:90004")}
    assert set(found) == {"P-NOCALL", "P-ATTITUDE", "P-FRAUD"}
    assert found["P-NOCALL"].amount == D("50.00")
    assert (found["P-ATTITUDE"].source_kind, found["P-ATTITUDE"].evidence) == \
        ("complaint", "Rude on the phone")
    assert (found["P-FRAUD"].source_kind, found["P-FRAUD"].sanction) == \
        ("expense_audit", "demerit")
    assert all(r.state == "proposed" for r in found.values())


def test_events_sixs_month_closed_proposes_deduction_penalty_and_reward(app):
    technician = make_person(app, "tp-event-tech")
    payload = dict(month="2026-10", person_id=technician, points=33, deduction_yuan="66.00",
                   reward_yuan="100.00", penalty_yuan="100.00", violations=7,
                   cleanup_failures=1, best_count=4, worst_count=4,
                   source_ref=f"inspection_6s:2026-10:{technician}")
    emit_twice(app, "inspection_6s.month_closed", gz_id(app), **payload)
    found = {r.rule.code: r for r in records_of(app, f"inspection_6s:2026-10:{technician}")}
    assert {code: (r.sanction, r.amount) for code, r in found.items()} == {
        "P-6S-MONTH": ("fine", D("66.00")), "P-6S-WORST": ("fine", D("100.00")),
        "R-6S-BEST": ("reward", D("100.00"))}
    with as_system(app, gz_id(app)):
        assert {db.session.get(PenaltyRecord, r.id).month for r in found.values()} == \
            {"2026-10"}
    assert found["P-6S-MONTH"].source_detail["violations"] == 7


def test_events_sixs_month_with_only_a_deduction_makes_one_record(app):
    technician = make_person(app, "tp-event-tech")
    emit_twice(app, "inspection_6s.month_closed", gz_id(app), month="2026-09",
               person_id=technician, points=4, deduction_yuan="8.00", reward_yuan="0.00",
               penalty_yuan="0.00", violations=2, cleanup_failures=0, best_count=1,
               worst_count=0, source_ref=f"inspection_6s:2026-09:{technician}")
    assert [r.rule.code for r in records_of(app, f"inspection_6s:2026-09:{technician}")] \
        == ["P-6S-MONTH"]


def test_events_are_not_delivered_where_the_addon_is_off(app):
    with as_system(app):
        hq_id = sites.get_site("hq").id
        assert "technician_penalty" not in sites.enabled_addons(hq_id)
    hq_person = make_person(app, "tp-hq-tech", site="hq")
    with as_system(app, hq_id):
        assert emit("service_policy.late_arrival", hq_id, technician_id=hq_person,
                    dispatch_id=90005, occurred_at="2026-11-10T03:00:00", minutes_late=5,
                    source_ref="service_policy:late:90005") == 0
        db.session.commit()
    assert records_of(app, "service_policy:late:90005") == []


def test_events_naming_a_dealer_or_a_foreign_person_make_nothing(app):
    with as_system(app):
        from core.models import ErpUser

        dealer_user = db.session.execute(select(ErpUser.id).filter_by(
            username="dealer-a")).scalar_one()
        foreign = db.session.execute(select(ErpUser.id).filter_by(
            username="hq-manager")).scalar_one()
    for person, ref in ((dealer_user, "service_policy:late:90006"),
                        (foreign, "service_policy:late:90007"),
                        (123456789, "service_policy:late:90008"),
                        ("x", "service_policy:late:90011")):
        emit_twice(app, "service_policy.late_arrival", gz_id(app), technician_id=person,
                   dispatch_id=1, occurred_at="2026-11-10T03:00:00", minutes_late=5,
                   source_ref=ref)
        assert records_of(app, ref) == []


@pytest.mark.parametrize("username, request_id", [("dealer-a", 90009),
                                                   ("gz-tech2", 90010)])
def test_events_emitted_in_another_users_request_land_on_the_site(app, client, username,
                                                                  request_id):
    """A dealer's or another technician's action may trigger the event; the record is
    the site's, whatever the emitting user may see or write."""
    technician = make_person(app, "tp-event-tech")
    from flask import g

    from core.context import system_context
    from core.models import ErpUser

    with app.test_request_context():
        with system_context(None):
            dealer = db.session.execute(select(ErpUser).filter_by(username=username)
                                        ).scalar_one()
            dealer.roles  # loaded now: the scope reads them
        g._login_user = dealer
        emit("service_policy.attitude_complaint", gz_id(app), technician_id=technician,
             request_id=request_id, occurred_at="2026-11-11T03:00:00", description="Shouted",
             source_ref=f"service_policy:attitude:{request_id}:{technician}")
        db.session.commit()
    [record] = records_of(app, f"service_policy:attitude:{request_id}:")
    assert record.state == "proposed"
    hr = api_token(client, "gz-hr")
    assert client.get(f"/api/v1/penalty_record/{record.id}", headers=hr).status_code == 200


def test_events_for_a_retired_rule_make_nothing(app):
    from addons.technician_penalty.models.penalty_rule import rule_by_code

    technician = make_person(app, "tp-event-tech")
    site_id = gz_id(app)

    def set_active(value):
        with as_system(app, site_id):
            rule_by_code(site_id, "P-NOCALL").active = value
            db.session.commit()

    set_active(False)
    try:
        emit_twice(app, "service_policy.left_without_calling", site_id,
                   technician_id=technician, dispatch_id=90012,
                   occurred_at="2026-11-10T03:00:00", source_ref="service_policy:nocall:90012")
    finally:
        set_active(True)
    assert records_of(app, "service_policy:nocall:90012") == []
