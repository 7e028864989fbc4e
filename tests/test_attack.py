"""Issue 16: what an outside attack run broke, each with the test that keeps it fixed
(points 2, 3, 4, 5, 7 and 9; point 1 is tests/test_attack_listargs.py, point 8
tests/test_attack_future.py)."""
from __future__ import annotations

import re

import pytest
from flask import g
from flask_appbuilder import Model, ModelRestApi
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import Dealer, ErpUser
from core.numbers import whole_number
from core.roles import wanted_permissions
from core.scope import ScopeViolation, owner_parent
from core.workflow import InvalidInput

from .fixtures import api_token, as_system, login


def resources(app):
    return [view for view in app.appbuilder.baseviews
            if isinstance(view, ModelRestApi) and getattr(view, "resource_name", None)]


def user_id(app, username) -> int:
    with as_system(app):
        return db.session.execute(select(ErpUser.id).filter_by(username=username)).scalar_one()


# --- 2. every authenticated answer carries no-store ---------------------------------

def test_authenticated_answers_are_never_stored_static_files_may_be(app):
    client = app.test_client()
    login_answer = client.post("/api/v1/security/login", json={
        "username": "gz-manager", "password": "demo", "provider": "db", "refresh": True})
    tokens = login_answer.json
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    answers = {
        "refresh": client.post("/api/v1/security/refresh", headers={
            "Authorization": f"Bearer {tokens['refresh_token']}"}),
        "api list": client.get("/api/v1/customer/", headers=bearer),
        "api _info": client.get("/api/v1/customer/_info", headers=bearer),
        "api 404": client.get("/api/v1/customer/987654", headers=bearer),
    }
    browser = login(app.test_client(), "gz-manager")
    answers["page list"] = browser.get("/customerview/list/")
    answers["home"] = browser.get("/")
    first = answers["api list"].json["ids"][0]
    answers["page show"] = browser.get(f"/customerview/show/{first}")
    assert answers["refresh"].status_code == 200
    for name, answer in answers.items():
        assert "no-store" in answer.headers.get("Cache-Control", ""), name
    static = browser.get("/static/appbuilder/css/ab.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


# --- 3. relation choices pass the scope of the rows they point at -------------------

def test_a_dealer_is_never_offered_another_dealers_user_accounts(app):
    client = app.test_client()
    other_dealer, own, staff = (user_id(app, name) for name in
                                ("dealer-b", "dealer-a", "gz-tech1"))
    info = client.get("/api/v1/service_record/_info",
                      headers=api_token(client, "dealer-a")).json
    offered = {value["id"] for column in info["add_columns"]
               if column["name"] == "technician" for value in column["values"]}
    assert staff in offered and own in offered
    assert other_dealer not in offered
    form = login(client, "dealer-a").get("/servicerecordview/add").get_data(as_text=True)
    dropdown = re.search(r'<select[^>]*name="technician"[^>]*>(.*?)</select>', form, re.S)
    choices = {int(v) for v in re.findall(r'<option[^>]*value="(\d+)"', dropdown.group(1))}
    assert staff in choices and other_dealer not in choices
    # the site's staff still see every user of their site
    staff_client = app.test_client()
    manager_info = staff_client.get("/api/v1/service_record/_info",
                                    headers=api_token(staff_client, "gz-manager")).json
    assert other_dealer in {value["id"] for column in manager_info["add_columns"]
                            if column["name"] == "technician" for value in column["values"]}


# --- 4. SQLite enforces foreign keys ------------------------------------------------

def test_sqlite_connections_enforce_foreign_keys(app):
    with as_system(app):
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL always enforces foreign keys")
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    # a connection of its own (not the app's pool) is enforced too
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_a_customer_of_a_dealer_that_does_not_exist_is_refused_not_stored(app):
    client = app.test_client()
    answer = client.post("/api/v1/customer/", headers=api_token(client, "gz-manager"),
                         json={"name": "Ghost customer", "dealer_id": 987654})
    assert answer.status_code == 422
    assert answer.json["message"] == {"dealer_id": ["dealer_id 987654 does not exist."]}
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        table = Model.metadata.tables["customer"]
        assert connection.execute(select(func.count()).select_from(table).where(
            table.c.name == "Ghost customer")).scalar() == 0
        site_id = connection.execute(select(Dealer.__table__.c.site_id)).scalars().first()
        # underneath the ORM's checks, the database itself refuses it
        with pytest.raises(IntegrityError):
            connection.execute(table.insert().values(
                site_id=site_id, dealer_id=987654, name="Ghost customer",
                key_customer=False))
        connection.rollback()
    engine.dispose()


# --- 5. child rows follow their parent's owner scope ---------------------------------

def test_service_record_parts_follow_their_record_technician(app):
    from addons.service_policy.models import ServiceRecord, ServiceRecordPart

    assert owner_parent(ServiceRecordPart).key == "record"
    client = app.test_client()
    tech1, tech2 = api_token(client, "gz-tech1"), api_token(client, "gz-tech2")
    own = set(client.get("/api/v1/service_record_part/?q=(page_size:100)",
                         headers=tech1).json["ids"])
    assert own, "the demo gives gz-tech1 service records with parts"
    seen = set(client.get("/api/v1/service_record_part/?q=(page_size:100)",
                          headers=tech2).json["ids"])
    assert not own & seen
    part_id = min(own)
    with as_system(app):
        part = db.session.get(ServiceRecordPart, part_id)
        record_id, number = part.record_id, part.part_number
        technician = db.session.get(ServiceRecord, record_id).technician_id
    assert technician == user_id(app, "gz-tech1")
    assert client.get(f"/api/v1/service_record_part/{part_id}",
                      headers=tech2).status_code == 404
    assert client.put(f"/api/v1/service_record_part/{part_id}", headers=tech2,
                      json={"part_number": "TAKEN"}).status_code == 404
    added = client.post("/api/v1/service_record_part/", headers=tech2,
                        json={"record": record_id, "part_number": "SNEAKED", "quantity": 1})
    assert added.status_code == 422
    with as_system(app):
        assert db.session.get(ServiceRecordPart, part_id).part_number == number
        assert not db.session.scalar(select(func.count()).select_from(ServiceRecordPart)
                                     .where(ServiceRecordPart.part_number == "SNEAKED"))
    assert client.get(f"/api/v1/service_record_part/{part_id}",
                      headers=tech1).status_code == 200


def test_the_write_guard_refuses_a_child_under_someone_elses_parent(app):
    """Underneath the API: the mapper hook follows the parent with plain SQL."""
    from addons.service_policy.models import ServiceRecord, ServiceRecordPart

    tech1, tech2 = user_id(app, "gz-tech1"), user_id(app, "gz-tech2")
    with as_system(app):
        record = db.session.execute(select(ServiceRecord).filter_by(
            technician_id=tech1)).scalars().first()
        site_id, dealer_id, record_id = record.site_id, record.dealer_id, record.id
    with app.test_request_context("/"):
        g._login_user = db.session.get(ErpUser, tech2)
        db.session.add(ServiceRecordPart(site_id=site_id, dealer_id=dealer_id,
                                         record_id=record_id, part_number="GUARDED",
                                         quantity=1))
        # the model's check (it cannot see the record) or the mapper hook refuses it
        with pytest.raises((ScopeViolation, InvalidInput)):
            db.session.flush()
        db.session.rollback()


# --- 7. no 500s from ids that are not, or name no row ---------------------------------

def test_whole_numbers_are_ascii_digits():
    assert [whole_number(v) for v in ("12", "-3", 7, "³", "¹", "١٢", " 1", "1_0", True,
                                      1.5, None)] == [12, -3, 7] + [None] * 8


@pytest.mark.parametrize("username, password", [("dealer-a", "demo"), ("gz-root", "root")])
def test_ids_written_in_other_digits_or_words_are_404(app, username, password):
    client = app.test_client()
    headers = api_token(client, username, password)
    checked = 0
    for api in resources(app):
        base = f"/api/v1/{api.resource_name}/"
        for junk in ("³", "¹", "nope", "1.5"):
            for method in (client.get, client.put, client.delete):
                answer = method(base + junk, headers=headers, json={})
                assert answer.status_code in (403, 404, 405), (base, junk, answer.status_code)
            answer = client.post(f"{base}131071/{junk}", headers=headers, json={})
            assert answer.status_code in (403, 404, 405), (base, junk, answer.status_code)
        checked += 1
    assert checked >= 20


def test_a_relation_naming_no_row_is_422_not_a_new_row(app):
    client = app.test_client()
    headers = api_token(client, "admin", "admin")
    answer = client.post("/api/v1/service_request/", headers=headers,
                         json={"customer": 0, "description": ""})
    assert answer.status_code == 422
    assert answer.json["message"] == {"customer": ["There is no 0 to choose here."]}
    refused = 0
    for api in resources(app):
        for column in api.add_columns or []:
            if not api.datamodel.is_relation(column):
                continue
            many = api.datamodel.is_relation_many_to_many(column) or \
                api.datamodel.is_relation_one_to_many(column)
            body = {column: [987654] if many else 987654}
            answer = client.post(f"/api/v1/{api.resource_name}/", headers=headers, json=body)
            assert answer.status_code in (403, 405, 422), (api.resource_name, column,
                                                           answer.status_code)
            refused += answer.status_code == 422
    assert refused >= 10


def test_site_addon_put_naming_an_addon_instead_of_an_id_is_404(app):
    client = app.test_client()
    headers = api_token(client, "admin", "admin")
    answer = client.put("/api/v1/site_addon/no_such_addon", headers=headers,
                        json={"enabled": True})
    assert answer.status_code == 404


def test_a_site_id_in_other_digits_is_422_for_a_report(app):
    client = app.test_client()
    answer = client.get("/api/v1/sixs_score/monthly", headers=api_token(client, "admin", "admin"),
                        query_string={"month": "2026-11", "site_id": "³"})
    assert answer.status_code == 422


def test_settings_and_quantities_refuse_other_digits(app):
    from addons.technician_penalty.models.penalty_rule import parse_quantity
    from core import settings

    with app.app_context():
        integer_key = next(key for key, spec in settings.declared().items()
                           if spec["type"] == "int")
        assert settings.coerce(integer_key, " 3 ") == 3
        with pytest.raises(settings.SettingError):
            settings.coerce(integer_key, "³")
    assert parse_quantity(" 2 ") == 2
    with pytest.raises(InvalidInput):
        parse_quantity("²")


# --- 9. HR reads the trail of penalty records, and nothing else ----------------------

def test_hr_reads_penalty_record_audit_rows_and_nothing_else(app):
    client = app.test_client()
    hr = api_token(client, "gz-hr")
    listed = client.get("/api/v1/audit_log/?q=(page_size:100)", headers=hr)
    assert listed.status_code == 200
    hr_tables = {mapper.local_table.name for mapper in Model.registry.mappers
                 if "HR" in getattr(mapper.class_, "__audit_readers__", ())}
    models = {row["model"] for row in listed.json["result"]}
    assert "penalty_record" in models
    assert models <= hr_tables
    everything = client.get("/api/v1/audit_log/?q=(page_size:100)",
                            headers=api_token(client, "gz-admin")).json
    assert {row["model"] for row in everything["result"]} - hr_tables, \
        "the site admin reads other records' trail, which HR must not"
    page = login(app.test_client(), "gz-hr").get("/auditlogview/list/")
    assert page.status_code == 200
    # and HR is not made an administrator by it
    assert client.get("/api/v1/dealer/", headers=hr).status_code == 403


def test_every_role_named_as_audit_reader_is_granted_the_audit_log(app):
    with app.app_context():
        wanted = wanted_permissions(app)
    readers = {role for mapper in Model.registry.mappers
               for role in getattr(mapper.class_, "__audit_readers__", ())}
    assert "HR" in readers
    for role in readers:
        assert {("can_get", "AuditLogApi"), ("can_list", "AuditLogView")} <= wanted[role], role
