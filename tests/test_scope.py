"""Scoping underneath every view: dealers see only their rows, sites only theirs,
foreign values are refused with 422, and nothing runs unscoped by accident."""
import pytest
from sqlalchemy import select

from core import sites
from core.extensions import db
from core.models import Dealer, ErpUser
from core.scope import ScopeError, scope_of_user

from .fixtures import api_token, as_system, login


@pytest.fixture(scope="module")
def rows(app):
    """Notes and tickets of dealer-a, dealer-b, the gz staff and hq."""
    from fx_base.models import FxNote, FxTicket

    with as_system(app):
        gz, hq = sites.get_site("gz"), sites.get_site("hq")
        dealers = {d.code: d.id for d in db.session.query(Dealer).all()}
        made = {}
        for key, site, dealer in (("a", gz, dealers["dealer-a"]),
                                  ("b", gz, dealers["dealer-b"]),
                                  ("staff", gz, None), ("hq", hq, None)):
            note = FxNote(site_id=site.id, dealer_id=dealer, text=f"note of {key}")
            db.session.add(note)
            db.session.flush()
            ticket = FxTicket(site_id=site.id, dealer_id=dealer, title=f"ticket of {key}",
                              amount=10, note_id=note.id)
            db.session.add(ticket)
            db.session.flush()
            made[key] = {"note": note.id, "ticket": ticket.id}
        made["ids"] = {"gz": gz.id, "hq": hq.id, **dealers}
        db.session.commit()
    return made


def test_dealer_lists_only_own_rows(client, rows):
    headers = api_token(client, "dealer-a")
    listed = client.get("/api/v1/fx_note/?q=(page_size:100)", headers=headers).json
    texts = {row["text"] for row in listed["result"]}
    assert "note of a" in texts
    assert not texts & {"note of b", "note of staff", "note of hq"}
    assert listed["count"] == len(listed["result"])
    assert {row["dealer_id"] for row in listed["result"]} == {rows["ids"]["dealer-a"]}


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_dealer_cannot_reach_another_dealers_row(client, rows, method):
    headers = api_token(client, "dealer-a")
    call = getattr(client, method)
    kwargs = {"json": {"text": "taken over"}} if method == "put" else {}
    response = call(f"/api/v1/fx_note/{rows['b']['note']}", headers=headers, **kwargs)
    assert response.status_code == 404
    with as_system(client.application):
        from fx_base.models import FxNote

        assert db.session.get(FxNote, rows["b"]["note"]).text == "note of b"


def test_new_rows_are_stamped_with_the_dealer_and_site(app, client, rows):
    headers = api_token(client, "dealer-a")
    created = client.post("/api/v1/fx_note/", json={"text": "stamped"}, headers=headers)
    assert created.status_code == 201, created.json
    shown = client.get(f"/api/v1/fx_note/{created.json['id']}", headers=headers).json
    assert shown["result"]["dealer_id"] == rows["ids"]["dealer-a"]
    assert shown["result"]["site_id"] == rows["ids"]["gz"]


@pytest.mark.parametrize("field, value_key", [("dealer_id", "dealer-b"), ("site_id", "hq")])
def test_foreign_scope_value_is_refused_with_422(client, rows, field, value_key):
    headers = api_token(client, "dealer-a")
    body = {"text": "smuggled", field: rows["ids"][value_key]}
    response = client.post("/api/v1/fx_note/", json=body, headers=headers)
    assert response.status_code == 422
    assert field in response.json["message"]


def test_row_cannot_be_moved_to_another_dealer(client, rows):
    headers = api_token(client, "dealer-a")
    response = client.put(f"/api/v1/fx_note/{rows['a']['note']}", headers=headers,
                          json={"dealer_id": rows["ids"]["dealer-b"]})
    assert response.status_code == 422
    assert client.get(f"/api/v1/fx_note/{rows['a']['note']}",
                      headers=headers).json["result"]["dealer_id"] == rows["ids"]["dealer-a"]


def test_row_cannot_point_at_another_dealers_row(client, rows):
    headers = api_token(client, "dealer-a")
    response = client.post("/api/v1/fx_ticket/", headers=headers,
                           json={"title": "linked", "amount": 5, "note": rows["b"]["note"]})
    assert response.status_code == 422
    assert "INSERT" not in str(response.json) and "note of b" not in str(response.json)
    with as_system(client.application):
        from fx_base.models import FxTicket

        assert db.session.query(FxTicket).filter_by(title="linked").count() == 0


def test_write_guard_refuses_a_reference_to_another_dealers_row(app, rows):
    """The mapper-level guard, under whatever view or job writes the row."""
    from fx_base.models import FxTicket

    from core.scope import ScopeViolation

    with as_system(app, site_id=rows["ids"]["gz"]):
        db.session.add(FxTicket(site_id=rows["ids"]["gz"], dealer_id=rows["ids"]["dealer-a"],
                                title="cross", amount=1, note_id=rows["b"]["note"]))
        with pytest.raises(ScopeViolation, match="note_id .* belongs to another dealer"):
            db.session.flush()
        db.session.rollback()
        db.session.add(FxTicket(site_id=rows["ids"]["gz"], title="cross-site", amount=1,
                                note_id=rows["hq"]["note"]))
        with pytest.raises(ScopeViolation, match="belongs to another site"):
            db.session.flush()
        db.session.rollback()


def test_related_field_choices_are_scoped(client, rows):
    headers = api_token(client, "dealer-a")
    info = client.get("/api/v1/fx_ticket/_info", headers=headers).json
    note_field = next(c for c in info["add_columns"] if c["name"] == "note")
    texts = {choice["value"] for choice in note_field["values"]}
    assert "note of a" in texts
    assert not texts & {"note of b", "note of staff", "note of hq"}


def test_site_user_does_not_see_another_site(client, rows):
    headers = api_token(client, "gz-root", "root")
    assert client.get(f"/api/v1/fx_note/{rows['hq']['note']}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/fx_note/{rows['b']['note']}", headers=headers).status_code == 200
    listed = client.get("/api/v1/site/", headers=headers).json
    assert [row["code"] for row in listed["result"]] == ["gz"]


def test_dealer_ui_list_and_show_are_scoped(client, rows):
    login(client, "dealer-a")
    page = client.get("/fxnoteview/list/").get_data(as_text=True)
    assert "note of a" in page and "note of b" not in page
    assert client.get(f"/fxnoteview/show/{rows['b']['note']}").status_code == 404
    assert client.get(f"/fxnoteview/edit/{rows['b']['note']}").status_code == 404


def test_dealer_ui_add_with_foreign_dealer_is_refused_without_500(client, rows):
    login(client, "dealer-a")
    response = client.post("/fxnoteview/add", data={"text": "from the form"})
    assert response.status_code in (200, 302)
    with as_system(client.application):
        from fx_base.models import FxNote

        note = db.session.execute(select(FxNote).filter_by(text="from the form")).scalar_one()
        assert note.dealer_id == rows["ids"]["dealer-a"]


def test_query_outside_any_context_fails_loudly(app):
    from fx_base.models import FxNote

    with app.app_context():
        with pytest.raises(ScopeError, match="outside a request"):
            db.session.query(FxNote).all()


def test_anonymous_request_sees_no_scoped_rows(app, rows):
    from fx_base.models import FxNote

    with app.test_request_context():
        assert db.session.query(FxNote).all() == []


def test_technician_scope_is_own_records_dealer_scope_is_dealer(app):
    with as_system(app):
        users = {u.username: u for u in db.session.query(ErpUser).all()}
        technician = scope_of_user(users["gz-tech1"])
        dealer = scope_of_user(users["dealer-b"])
        manager = scope_of_user(users["gz-manager"])
    assert technician.owner_id == users["gz-tech1"].id
    assert dealer.dealer_id == users["dealer-b"].dealer_id and dealer.owner_id is None
    assert manager.owner_id is None and manager.dealer_id is None
    assert manager.site_id == technician.site_id
