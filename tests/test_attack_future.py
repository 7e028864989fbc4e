"""Issue 16 point 8: "when it happened" fields refuse the future.

A 6S violation observed in 2027 was stored and scored.  Columns declared with
``core.happened.happened`` (observations, arrivals, departures, hand-ins, receipts)
now refuse a time later than now plus the site's ``core.clock_skew_minutes`` (5 by
default), on every write path: the walk below writes each declared column of each
model through the ORM, so an addon's new column is covered by declaring it.
"""
from __future__ import annotations

import datetime

import pytest
from flask_appbuilder import Model
from sqlalchemy import select

from core.context import system_context
from core.extensions import db
from core.happened import SKEW_SETTING, FutureRefused, happened_columns
from core.models import ErpUser, Site, utcnow

from .fixtures import api_token, as_system

EXPECTED = {("sixs_violation", "occurred_at"), ("sixs_inspection", "inspected_at"),
            ("service_dispatch", "arrived_at"), ("service_dispatch", "departed_at"),
            ("service_record", "handed_in_on"), ("service_record", "visited_on"),
            ("service_request", "received_at"), ("penalty_record", "occurred_at")}


def declared(app):
    with app.app_context():
        return {(mapper.local_table.name, column.name): mapper.class_
                for mapper in Model.registry.mappers
                for column in happened_columns(mapper)}


def iso(moment: datetime.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def gz_ids(app):
    with as_system(app):
        site = db.session.execute(select(Site).filter_by(code="gz")).scalar_one()
        person = db.session.execute(select(ErpUser.id).filter_by(username="gz-tech1")) \
            .scalar_one()
        return site.id, person


def test_observations_arrivals_and_hand_ins_are_declared_facts(app):
    assert EXPECTED <= set(declared(app))


def test_every_declared_fact_refuses_the_future_on_a_write(app):
    """The mapper hook: whatever writes the row (page, API, job, command)."""
    checked = 0
    for (table, column), model in sorted(declared(app).items(), key=lambda item: item[0]):
        with as_system(app):
            row = db.session.execute(select(model).limit(1)).scalar()
            if row is None:
                continue
            attribute = model.__mapper__.get_property_by_column(
                model.__table__.c[column]).key
            kind = model.__table__.c[column].type.python_type
            future = (utcnow() + datetime.timedelta(days=2)) if kind is datetime.datetime \
                else datetime.date.today() + datetime.timedelta(days=3)
            with system_context(row.site_id):
                setattr(row, attribute, future)
                with pytest.raises(FutureRefused) as refused:
                    db.session.flush()
            db.session.rollback()
        assert attribute in refused.value.messages, (table, column)
        assert "cannot have happened yet" in str(refused.value)
        checked += 1
    assert checked >= 6


def test_a_6s_violation_observed_in_the_future_is_refused_with_422(app):
    from addons.inspection_6s.tests.helpers import item_id

    client = app.test_client()
    site_id, person = gz_ids(app)
    manager = api_token(client, "gz-manager")
    body = {"person_id": person, "checklist_item_id": item_id(app, site_id)}
    next_year = client.post("/api/v1/sixs_violation/", headers=manager,
                            json=dict(body, occurred_at="2027-11-30T08:00:00"))
    assert next_year.status_code == 422
    assert "cannot have happened yet" in next_year.json["message"]["occurred_at"][0]
    # a clock a few minutes fast is allowed: 5 minutes by default
    soon = iso(utcnow() + datetime.timedelta(minutes=3))
    accepted = client.post("/api/v1/sixs_violation/", headers=manager,
                           json=dict(body, occurred_at=soon))
    assert accepted.status_code == 201, accepted.json


def test_the_allowed_clock_skew_is_a_site_setting(app):
    from addons.inspection_6s.tests.helpers import item_id

    client = app.test_client()
    site_id, person = gz_ids(app)
    admin, manager = api_token(client, "gz-admin"), api_token(client, "gz-manager")
    stored = client.post("/api/v1/site_setting/", headers=admin,
                         json={"site_id": site_id, "key": SKEW_SETTING, "value": 0})
    assert stored.status_code == 201, stored.json
    try:
        soon = iso(utcnow() + datetime.timedelta(minutes=3))
        answer = client.post("/api/v1/sixs_violation/", headers=manager, json={
            "person_id": person, "checklist_item_id": item_id(app, site_id),
            "occurred_at": soon})
        assert answer.status_code == 422
    finally:
        client.delete(f"/api/v1/site_setting/{stored.json['id']}", headers=admin)


def test_a_service_record_handed_in_after_today_is_refused(app):
    client = app.test_client()
    manager = api_token(client, "gz-manager")
    record = client.get("/api/v1/service_record/?q=(page_size:1)", headers=manager).json
    record_id = record["ids"][0]
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    answer = client.put(f"/api/v1/service_record/{record_id}", headers=manager,
                        json={"handed_in_on": later})
    assert answer.status_code == 422
    assert "cannot have happened yet" in answer.json["message"]["handed_in_on"][0]
    shown = client.get(f"/api/v1/service_record/{record_id}", headers=manager).json
    assert shown["result"]["handed_in_on"] != later
