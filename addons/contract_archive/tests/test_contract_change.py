"""Changes and claims: records of a contract with their own approval; an approved
change moves the contract's amount or dates and keeps what they were."""
from tests.fixtures import api_token

from .common import act, make_contract, walk


def change(client, headers, contract_id, number, **body):
    response = client.post("/api/v1/contract_change/", headers=headers, json={
        "contract": contract_id, "number": number, "description": "Extra work", **body})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_approved_change_updates_amount_and_end_date_and_keeps_the_history(client, app):
    manager, admin = api_token(client, "gz-manager"), api_token(client, "gz-admin")
    contract_id = make_contract(client, manager, amount="100000.00", end_date="2026-12-31")
    early = change(client, manager, contract_id, f"BG-early-{contract_id}",
                   amount_delta="1.00")
    assert act(client, manager, "contract_change", early, "submit").status_code == 409
    walk(client, manager, contract_id, "negotiate", "sign", "execute")
    change_id = change(client, manager, contract_id, f"BG-{contract_id}",
                       amount_delta="12000.00", new_end_date="2027-03-31")
    assert act(client, manager, "contract_change", change_id, "submit").status_code == 200
    assert act(client, manager, "contract_change", change_id, "approve").status_code == 403
    assert client.put(f"/api/v1/contract_change/{change_id}", headers=manager,
                      json={"amount_delta": "1.00"}).status_code == 409
    assert act(client, admin, "contract_change", change_id, "approve").status_code == 200
    contract = client.get(f"/api/v1/contract/{contract_id}", headers=manager).json["result"]
    assert (contract["amount"], contract["end_date"]) == ("112000.00", "2027-03-31")
    kept = client.get(f"/api/v1/contract_change/{change_id}", headers=manager).json["result"]
    assert (kept["amount_before"], kept["amount_after"]) == ("100000.00", "112000.00")
    assert (kept["end_before"], kept["end_after"]) == ("2026-12-31", "2027-03-31")

    cut = change(client, manager, contract_id, f"BG-cut-{contract_id}",
                 amount_delta="-5000.00")
    act(client, manager, "contract_change", cut, "submit")
    assert act(client, admin, "contract_change", cut, "reject").status_code == 422
    assert act(client, admin, "contract_change", cut, "reject",
               reason="Not agreed").status_code == 200
    contract = client.get(f"/api/v1/contract/{contract_id}", headers=manager).json["result"]
    assert contract["amount"] == "112000.00"


def test_change_moving_nothing_or_below_zero_is_refused(client, app):
    manager, admin = api_token(client, "gz-manager"), api_token(client, "gz-admin")
    contract_id = make_contract(client, manager, amount="1000.00")
    walk(client, manager, contract_id, "negotiate", "sign")
    nothing = change(client, manager, contract_id, f"BG-0-{contract_id}")
    assert act(client, manager, "contract_change", nothing, "submit").status_code == 422
    negative = change(client, manager, contract_id, f"BG-neg-{contract_id}",
                      amount_delta="-1000.01")
    assert act(client, manager, "contract_change", negative, "submit").status_code == 200
    assert act(client, admin, "contract_change", negative, "approve").status_code == 422


def test_claim_approved_at_most_the_amount_claimed(client, app):
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    contract_id = make_contract(client, manager)
    walk(client, manager, contract_id, "negotiate", "sign", "execute")
    created = client.post("/api/v1/contract_claim/", headers=manager, json={
        "contract": contract_id, "number": f"SP-{contract_id}", "claimant": "theirs",
        "description": "Late payment interest", "amount_claimed": "800.00"})
    assert created.status_code == 201, created.json
    claim_id = created.json["id"]
    assert act(client, manager, "contract_claim", claim_id, "submit").status_code == 200
    assert client.put(f"/api/v1/contract_claim/{claim_id}", headers=finance,
                      json={"amount_approved": "900.00"}).status_code == 403
    assert client.put(f"/api/v1/contract_claim/{claim_id}", headers=manager,
                      json={"amount_approved": "900.00"}).status_code == 200
    assert act(client, finance, "contract_claim", claim_id, "approve").status_code == 422
    client.put(f"/api/v1/contract_claim/{claim_id}", headers=manager,
               json={"amount_approved": "650.00"})
    assert act(client, finance, "contract_claim", claim_id, "approve").status_code == 200
    shown = client.get(f"/api/v1/contract_claim/{claim_id}", headers=manager).json["result"]
    assert (shown["state"], shown["amount_approved"]) == ("approved", "650.00")
    assert client.put(f"/api/v1/contract_claim/{claim_id}", headers=manager,
                      json={"amount_approved": "700.00"}).status_code == 409
    # a closed contract first needs its open claims decided
    other = client.post("/api/v1/contract_claim/", headers=manager, json={
        "contract": contract_id, "number": f"SP2-{contract_id}", "claimant": "ours",
        "description": "Damage", "amount_claimed": "100.00"}).json["id"]
    act(client, manager, "contract_claim", other, "submit")
    assert act(client, manager, "contract", contract_id, "close").status_code == 409
