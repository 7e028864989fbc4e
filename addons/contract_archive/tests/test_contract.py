"""Contracts: the life cycle per role, signed terms, and dealers as parties."""
from sqlalchemy import select

from core.extensions import db
from tests.fixtures import api_token, as_system

from ..models import Contract
from .common import act, contract_body, dealer_id, make_contract, walk


def test_contract_life_cycle_walked_per_role(client, app):
    manager, admin = api_token(client, "gz-manager"), api_token(client, "gz-admin")
    finance, dealer = api_token(client, "gz-finance"), api_token(client, "dealer-a")
    assert client.post("/api/v1/contract/", headers=finance,
                       json=contract_body()).status_code == 403
    assert client.post("/api/v1/contract/", headers=dealer,
                       json=contract_body()).status_code == 403
    contract_id = make_contract(client, manager, party_dealer_ids=[dealer_id(app, "dealer-a")])
    shown = client.get(f"/api/v1/contract/{contract_id}", headers=manager).json["result"]
    assert shown["state"] == "draft"
    assert shown["party_dealer_ids"] == [dealer_id(app, "dealer-a")]

    assert act(client, manager, "contract", contract_id, "sign").status_code == 409
    assert act(client, manager, "contract", contract_id, "nonsense").status_code == 404
    walk(client, manager, contract_id, "negotiate", "sign", "execute")
    assert act(client, manager, "contract", contract_id, "terminate",
               reason="x").status_code == 403  # the site admin's
    assert act(client, admin, "contract", contract_id, "terminate").status_code == 422
    walk(client, manager, contract_id, "close")
    assert act(client, admin, "contract", contract_id, "terminate",
               reason="late").status_code == 409
    shown = client.get(f"/api/v1/contract/{contract_id}", headers=manager).json["result"]
    assert shown["state"] == "closed" and shown["signed_on"]
    assert client.put(f"/api/v1/contract/{contract_id}", headers=manager,
                      json={"title": "Changed"}).status_code == 409


def test_contract_cannot_be_signed_without_its_scope(client, app):
    manager = api_token(client, "gz-manager")
    contract_id = make_contract(client, manager, work_content=None, payment_terms=None,
                                counterparty=None)
    walk(client, manager, contract_id, "negotiate")
    refused = act(client, manager, "contract", contract_id, "sign")
    assert refused.status_code == 409
    assert "a party" in refused.json["message"] and "work content" in refused.json["message"]


def test_signed_amount_and_dates_change_only_through_an_approved_change(client, app):
    manager = api_token(client, "gz-manager")
    contract_id = make_contract(client, manager, party_dealer_ids=[dealer_id(app, "dealer-b")])
    assert client.put(f"/api/v1/contract/{contract_id}", headers=manager,
                      json={"amount": "12000.00"}).status_code == 200  # a draft
    walk(client, manager, contract_id, "negotiate", "sign")
    refused = client.put(f"/api/v1/contract/{contract_id}", headers=manager,
                         json={"amount": "99999.00", "end_date": "2027-06-30"})
    assert refused.status_code == 422
    assert set(refused.json["message"]) == {"amount", "end_date"}
    assert client.put(f"/api/v1/contract/{contract_id}", headers=manager,
                      json={"schedule": "Weekly"}).status_code == 200


def test_dealer_sees_only_contracts_where_its_dealer_is_a_party(client, app):
    manager = api_token(client, "gz-manager")
    a, b = dealer_id(app, "dealer-a"), dealer_id(app, "dealer-b")
    only_a = make_contract(client, manager, party_dealer_ids=[a])
    only_b = make_contract(client, manager, party_dealer_ids=[b])
    both = make_contract(client, manager, party_dealer_ids=[a, b])
    nobody = make_contract(client, manager)
    dealer_a = api_token(client, "dealer-a")
    listed = client.get("/api/v1/contract/?q=(page_size:100)", headers=dealer_a).json
    ids = {row["id"] for row in listed["result"]}
    assert {only_a, both} <= ids and not ids & {only_b, nobody}
    with as_system(app):
        expected = {c.id for c in db.session.execute(select(Contract)).scalars()
                    if a in c.party_dealer_ids}
    assert ids == expected and listed["count"] == len(expected)
    assert client.get(f"/api/v1/contract/{only_b}", headers=dealer_a).status_code == 404
    assert client.get(f"/api/v1/contract/{nobody}", headers=dealer_a).status_code == 404
    assert client.get(f"/api/v1/contract/{both}", headers=dealer_a).status_code == 200
    assert act(client, dealer_a, "contract", only_a, "negotiate").status_code == 403
    assert client.put(f"/api/v1/contract/{only_a}", headers=dealer_a,
                      json={"title": "mine"}).status_code in (403, 404)


def test_a_party_of_another_site_is_refused(client, app):
    hq_manager = api_token(client, "hq-manager")
    refused = client.post("/api/v1/contract/", headers=hq_manager,
                          json=contract_body(party_dealer_ids=[dealer_id(app, "dealer-a")]))
    assert refused.status_code == 422
