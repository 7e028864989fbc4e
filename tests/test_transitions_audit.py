"""Transitions: permission per action, 409 for illegal or stale, 422 for a missing
reason; and the append-only audit trail they leave."""
import os

import pytest
from sqlalchemy import create_engine, select, text

from core import sites
from core.audit import AppendOnly, AuditLog
from core.extensions import db
from core.models import ErpUser

from .fixtures import api_token, as_system, login, race_transition


def new_ticket(client, headers, amount=10, title="ticket"):
    response = client.post("/api/v1/fx_ticket/", headers=headers,
                           json={"title": title, "amount": amount})
    assert response.status_code == 201, response.json
    return response.json["id"]


def audit_rows(app, row_id):
    with as_system(app):
        return [(row.action, row.from_state, row.to_state, row.reason, row.username)
                for row in db.session.execute(
                    select(AuditLog).filter_by(model="fx_ticket", row_id=row_id)
                    .order_by(AuditLog.id)).scalars()]


def test_walk_the_state_machine_and_its_audit_trail(app, client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="walk")
    submitted = client.post(f"/api/v1/fx_ticket/{ticket}/submit", headers=manager)
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["result"]["state"] == "submitted"
    missing_reason = client.post(f"/api/v1/fx_ticket/{ticket}/reject", headers=manager,
                                 json={})
    assert missing_reason.status_code == 422
    assert "reason" in missing_reason.json["message"]
    rejected = client.post(f"/api/v1/fx_ticket/{ticket}/reject", headers=manager,
                           json={"reason": "receipt is a photocopy"})
    assert rejected.status_code == 200
    assert rejected.json["result"]["state"] == "rejected"
    assert audit_rows(app, ticket) == [
        ("create", None, None, None, "gz-manager"),
        ("submit", "draft", "submitted", None, "gz-manager"),
        ("reject", "submitted", "rejected", "receipt is a photocopy", "gz-manager"),
    ]


def test_a_transition_records_when_why_and_by_whom_in_the_columns_it_names(app, client):
    manager = api_token(client, "gz-manager")
    approved, rejected = new_ticket(client, manager), new_ticket(client, manager)
    for ticket, action, body in ((approved, "approve", {}),
                                 (rejected, "reject", {"reason": "no receipt"})):
        assert client.post(f"/api/v1/fx_ticket/{ticket}/submit",
                           headers=manager).status_code == 200
        assert client.post(f"/api/v1/fx_ticket/{ticket}/{action}", headers=manager,
                           json=body).status_code == 200
    with as_system(app):
        manager_id = db.session.execute(
            select(ErpUser.id).filter_by(username="gz-manager")).scalar_one()
    shown = client.get(f"/api/v1/fx_ticket/{approved}", headers=manager).json["result"]
    assert shown["approved_by_id"] == manager_id and shown["approved_at"]
    assert shown["reject_reason"] is None
    shown = client.get(f"/api/v1/fx_ticket/{rejected}", headers=manager).json["result"]
    assert shown["reject_reason"] == "no receipt"
    assert shown["approved_by_id"] is None and shown["approved_at"] is None


def test_illegal_transition_is_409_and_changes_nothing(app, client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="illegal")
    response = client.post(f"/api/v1/fx_ticket/{ticket}/approve", headers=manager)
    assert response.status_code == 409
    assert "draft" in response.json["message"]
    shown = client.get(f"/api/v1/fx_ticket/{ticket}", headers=manager).json["result"]
    assert shown["state"] == "draft" and shown["version"] == 1
    assert [row[0] for row in audit_rows(app, ticket)] == ["create"]


def test_failed_precondition_is_409(client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, amount=0, title="empty")
    response = client.post(f"/api/v1/fx_ticket/{ticket}/submit", headers=manager)
    assert response.status_code == 409
    assert "has no amount" in response.json["message"]


def test_each_transition_is_a_permission_of_its_own(client):
    manager = api_token(client, "gz-manager")
    dealer = api_token(client, "dealer-a")
    ticket = new_ticket(client, dealer, title="dealer's")
    # the Dealer role may submit but not approve
    assert client.post(f"/api/v1/fx_ticket/{ticket}/submit", headers=dealer).status_code == 200
    assert client.post(f"/api/v1/fx_ticket/{ticket}/approve", headers=dealer).status_code == 403
    assert client.post(f"/api/v1/fx_ticket/{ticket}/approve", headers=manager).status_code == 200
    assert client.post(f"/api/v1/fx_ticket/{ticket}/fly", headers=manager).status_code == 404
    assert client.post(f"/api/v1/fx_ticket/{ticket}/submit").status_code == 401


def test_state_cannot_be_written_directly(client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="direct")
    response = client.put(f"/api/v1/fx_ticket/{ticket}", headers=manager,
                          json={"state": "approved"})
    assert response.status_code == 422


def test_stale_version_is_refused_with_409(client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="stale")
    first = client.put(f"/api/v1/fx_ticket/{ticket}", headers=manager,
                       json={"amount": 20, "version": 1})
    assert first.status_code == 200, first.json
    stale = client.put(f"/api/v1/fx_ticket/{ticket}", headers=manager,
                       json={"amount": 30, "version": 1})
    assert stale.status_code == 409
    stale_transition = client.post(f"/api/v1/fx_ticket/{ticket}/submit", headers=manager,
                                   json={"version": 1})
    assert stale_transition.status_code == 409
    shown = client.get(f"/api/v1/fx_ticket/{ticket}", headers=manager).json["result"]
    assert shown["amount"] == 20 and shown["state"] == "draft" and shown["version"] == 2


def test_update_is_audited_with_old_and_new_values(app, client):
    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="audited")
    client.put(f"/api/v1/fx_ticket/{ticket}", headers=manager, json={"amount": 42})
    with as_system(app):
        update = db.session.execute(select(AuditLog).filter_by(
            model="fx_ticket", row_id=ticket, action="update")).scalar_one()
        assert update.changes == {"amount": [10, 42]}
        assert update.site_id == sites.get_site("gz").id


def test_ui_transition_button_and_reason_form(app, client):
    manager = api_token(app.test_client(), "gz-manager")
    api = app.test_client()
    ticket = new_ticket(api, manager, title="by the button")
    login(client, "gz-manager")
    page = client.get(f"/fxticketview/show/{ticket}").get_data(as_text=True)
    assert f"/fxticketview/transition/{ticket}/submit" in page
    assert f"/fxticketview/transition/{ticket}/approve" not in page  # not from draft
    client.post(f"/fxticketview/transition/{ticket}/submit", data={"version": "1"})
    client.post(f"/fxticketview/transition/{ticket}/reject", data={"version": "2"})
    assert [row[0] for row in audit_rows(app, ticket)] == ["create", "submit"]
    client.post(f"/fxticketview/transition/{ticket}/reject",
                data={"version": "2", "reason": "wrong model"})
    assert audit_rows(app, ticket)[-1][:4] == ("reject", "submitted", "rejected", "wrong model")


def test_audit_rows_are_append_only(app):
    with as_system(app):
        row = db.session.execute(select(AuditLog).limit(1)).scalar_one()
        row.reason = "rewritten"
        with pytest.raises(AppendOnly):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AppendOnly):
            db.session.query(AuditLog).filter_by(id=row.id).delete()
        db.session.rollback()


def test_audit_log_api_is_read_only_and_scoped(app, client):
    site_admin = api_token(client, "gz-admin")
    listed = client.get("/api/v1/audit_log/?q=(page_size:100)", headers=site_admin)
    assert listed.status_code == 200
    with as_system(app):
        gz_id = sites.get_site("gz").id
    assert {row["site_id"] for row in listed.json["result"]} == {gz_id}
    first = listed.json["result"][0]["id"]
    assert client.delete(f"/api/v1/audit_log/{first}", headers=site_admin).status_code in (404, 405)
    assert client.put(f"/api/v1/audit_log/{first}", headers=site_admin,
                      json={"reason": "x"}).status_code in (404, 405)
    dealer = api_token(client, "dealer-a")
    assert client.get("/api/v1/audit_log/", headers=dealer).status_code == 403


postgres = pytest.mark.skipif(not os.environ.get("ERP_TEST_DATABASE_URL"),
                              reason="needs ERP_TEST_DATABASE_URL (PostgreSQL)")


@postgres
def test_database_refuses_to_change_audit_rows_on_postgres(app, app_config):
    engine = create_engine(app_config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        with pytest.raises(Exception, match="append-only"):
            connection.execute(text("UPDATE audit_log SET reason = 'x'"))
    engine.dispose()


@postgres
def test_two_racing_approvals_exactly_one_wins(app, app_config, client):
    """Two connections approve the same submitted ticket at the same moment."""
    from fx_base.models import FxTicket

    manager = api_token(client, "gz-manager")
    ticket = new_ticket(client, manager, title="race")
    client.post(f"/api/v1/fx_ticket/{ticket}/submit", headers=manager)
    outcomes = race_transition(app, app_config["SQLALCHEMY_DATABASE_URI"], FxTicket, ticket,
                               "approve")
    assert sorted(outcomes) == ["stale", "won"]
    assert [row[0] for row in audit_rows(app, ticket)].count("approve") == 1


def test_hr_reads_the_audit_trail_of_hr_records_only(app, client):
    manager = api_token(client, "gz-manager")
    new_ticket(client, manager, title="for hr")
    hr = api_token(client, "gz-hr")
    listed = client.get("/api/v1/audit_log/?q=(page_size:100)", headers=hr)
    assert listed.status_code == 200
    models = {row["model"] for row in listed.json["result"]}
    # HR's records: the fixture tickets, and penalty records where that addon is on
    assert "fx_ticket" in models and models <= {"fx_ticket", "penalty_record"}
    note = client.post("/api/v1/fx_note/", json={"text": "not an HR record"},
                       headers=api_token(client, "dealer-a"))
    assert note.status_code == 201, note.json
    site_admin = api_token(client, "gz-admin")
    latest = "/api/v1/audit_log/?q=(order_column:id,order_direction:desc,page_size:20)"
    assert {"fx_ticket", "fx_note"} <= {
        row["model"] for row in client.get(latest, headers=site_admin).json["result"]}
    assert "fx_note" not in {row["model"] for row in client.get(latest, headers=hr).json["result"]}


def test_menus_follow_the_role(client):
    def menu_names(username):
        data = client.get("/api/v1/menu/", headers=api_token(client, username)).json
        names = set()
        for item in data["result"]:
            if isinstance(item, dict):  # "-" is a separator
                names.add(item["name"])
                names.update(child["name"] for child in item.get("childs", [])
                             if isinstance(child, dict))
        return names

    dealer = menu_names("dealer-a")
    manager = menu_names("gz-manager")
    assert "Fixture notes" in dealer and "Fixture tickets" not in dealer
    assert "Sites" not in dealer and "List Users" not in dealer
    assert "Fixture tickets" in manager and "List Users" not in manager
    assert "List Users" in menu_names("gz-admin")
