"""The approval chain of a claim (domain.md Addon 4): submitted → service manager →
finance → paid, a reason to reject at each step, nobody approving their own claim,
amount limits per role, fraud (弄虚作假) proposing a P-FRAUD penalty."""
from __future__ import annotations

import os

import pytest

from tests.fixtures import api_token, race_transition

from .common import (act, add_line, claim, gz_setting, new_claim, penalty_records,
                     submitted)

postgres = pytest.mark.skipif(not os.environ.get("ERP_TEST_DATABASE_URL"),
                              reason="the race needs two PostgreSQL connections")


def test_the_chain_walks_once_per_role(client):
    claim_id, tech = submitted(client)
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    # each step belongs to one role: the others get 403, or 409 out of order
    assert act(client, tech, claim_id, "approve").status_code == 403
    assert act(client, finance, claim_id, "approve").status_code == 403
    assert act(client, finance, claim_id, "pay").status_code == 409
    assert act(client, manager, claim_id, "finance_approve").status_code == 403
    assert act(client, manager, claim_id, "approve").status_code == 200
    assert claim(client, manager, claim_id)["state"] == "manager_approved"
    assert act(client, manager, claim_id, "approve").status_code == 409
    assert act(client, tech, claim_id, "finance_approve").status_code == 403
    assert act(client, finance, claim_id, "finance_approve").status_code == 200
    assert act(client, manager, claim_id, "pay").status_code == 403
    assert act(client, finance, claim_id, "pay").status_code == 200
    done = claim(client, tech, claim_id)
    assert done["state"] == "paid"
    assert act(client, finance, claim_id, "reject", reason="太晚了").status_code == 409


@pytest.mark.parametrize("steps", [(), ("approve",)])
def test_each_step_rejects_with_a_reason_back_to_the_claimant(client, steps):
    claim_id, tech = submitted(client)
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    for step in steps:
        assert act(client, manager, claim_id, step).status_code == 200
    rejecter = finance if steps else manager
    assert act(client, rejecter, claim_id, "reject").status_code == 422
    assert act(client, rejecter, claim_id, "reject", reason="  ").status_code == 422
    assert act(client, rejecter, claim_id, "reject",
               reason="请补充酒店明细").status_code == 200
    rejected = claim(client, tech, claim_id)
    assert rejected["state"] == "rejected" and rejected["reject_reason"] == "请补充酒店明细"
    # back with the claimant: edited and submitted again
    assert client.put(f"/api/v1/expense_claim/{claim_id}", headers=tech,
                      json={"purpose": "补充明细后重新提交"}).status_code == 200
    assert act(client, tech, claim_id, "submit").status_code == 200


def test_the_finance_step_rejects_too(client):
    claim_id, tech = submitted(client)
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    act(client, manager, claim_id, "approve")
    act(client, finance, claim_id, "finance_approve")
    assert act(client, finance, claim_id, "reject", reason="发票抬头错误").status_code == 200
    assert claim(client, tech, claim_id)["state"] == "rejected"


def test_nobody_approves_their_own_claim(client):
    manager = api_token(client, "gz-manager")
    claim_id = new_claim(client, manager, destination="深圳")
    add_line(client, manager, claim_id, city="深圳")
    assert act(client, manager, claim_id, "submit").status_code == 200
    own = act(client, manager, claim_id, "approve")
    assert own.status_code == 409 and "own claim" in own.json["message"]
    assert act(client, api_token(client, "gz-admin"), claim_id, "approve").status_code == 200
    finance_id = new_claim(client, api_token(client, "gz-finance"))
    finance = api_token(client, "gz-finance")
    add_line(client, finance, finance_id)
    act(client, finance, finance_id, "submit")
    act(client, manager, finance_id, "approve")
    assert act(client, finance, finance_id, "finance_approve").status_code == 409
    assert act(client, finance, finance_id, "mark_fraud", reason="x").status_code == 409


def test_only_the_claimant_submits_and_edits(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    add_line(client, tech, claim_id)
    manager = api_token(client, "gz-manager")
    assert act(client, manager, claim_id, "submit").status_code == 409
    assert client.put(f"/api/v1/expense_claim/{claim_id}", headers=manager,
                      json={"destination": "广州"}).status_code == 409


def test_above_the_managers_limit_the_site_admin_approves(app, client):
    """The manager's limit (site setting, here 500.00 yuan): 500.00 is within, 500.01
    needs the next level."""
    manager, admin = api_token(client, "gz-manager"), api_token(client, "gz-admin")
    with gz_setting(app, "manager_approval_limit", "500.00"):
        within, tech = submitted(client)
        tech = api_token(client, "gz-tech1")
        add_more = new_claim(client, tech)
        add_line(client, tech, add_more, amount="300.00")
        add_line(client, tech, add_more, amount="200.01", spent_on="2025-03-04")
        assert act(client, tech, add_more, "submit").status_code == 200
        over = act(client, manager, add_more, "approve")
        assert over.status_code == 409 and "500.01" in over.json["message"]
        assert act(client, admin, add_more, "approve").status_code == 200
        assert act(client, manager, within, "approve").status_code == 200


def test_above_the_finance_limit_the_site_admin_approves(app, client):
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    with gz_setting(app, "finance_approval_limit", "100.00"):
        claim_id, tech = submitted(client)  # one line of 200.00
        act(client, manager, claim_id, "approve")
        assert act(client, finance, claim_id, "finance_approve").status_code == 409
        assert act(client, api_token(client, "gz-admin"), claim_id,
                   "finance_approve").status_code == 200


def test_fraud_rejects_the_claim_and_proposes_one_p_fraud_record(app, client):
    claim_id, tech = submitted(client, tech="gz-tech2")
    manager, finance = api_token(client, "gz-manager"), api_token(client, "gz-finance")
    assert act(client, manager, claim_id, "mark_fraud", reason="x").status_code == 403
    act(client, manager, claim_id, "approve")
    assert act(client, finance, claim_id, "mark_fraud").status_code == 422
    response = act(client, finance, claim_id, "mark_fraud", reason="同一张酒店发票报销两次")
    assert response.status_code == 200, response.json
    found = claim(client, tech, claim_id)
    assert found["state"] == "rejected" and found["fraud"] is True
    records = penalty_records(app, claim_id)
    assert len(records) == 1
    tech2_id = found["claimant_id"]
    assert records[0].technician_id == tech2_id and records[0].state == "proposed"
    assert records[0].source_id == claim_id
    # a fraudulent claim does not come back
    assert act(client, tech, claim_id, "submit").status_code == 409


def test_fraud_without_the_penalties_addon_still_rejects(app, client, restore_switches):
    from core import sites

    from tests.fixtures import as_system
    from core.extensions import db

    claim_id, tech = submitted(client, tech="gz-tech2")
    with as_system(app):
        sites.disable(sites.get_site("gz"), "technician_penalty")
        db.session.commit()
    finance = api_token(client, "gz-finance")
    act(client, api_token(client, "gz-manager"), claim_id, "approve")
    assert act(client, finance, claim_id, "mark_fraud", reason="伪造").status_code == 200
    assert penalty_records(app, claim_id) == []


def test_a_stale_version_is_refused(client):
    claim_id, tech = submitted(client)
    manager = api_token(client, "gz-manager")
    version = claim(client, manager, claim_id)["version"]
    assert act(client, manager, claim_id, "approve", version=version - 1).status_code == 409
    assert act(client, manager, claim_id, "approve", version=version).status_code == 200


@postgres
def test_two_racing_approvals_exactly_one_wins(app, app_config, client):
    """Two PostgreSQL sessions approve the same submitted claim at the same moment:
    one wins, the other loses on the version (the API answers it with 409)."""
    from addons.travel_expense.models import ExpenseClaim

    claim_id, tech = submitted(client)
    outcomes = race_transition(app, app_config["SQLALCHEMY_DATABASE_URI"], ExpenseClaim,
                               claim_id, "approve")
    assert sorted(outcomes) == ["stale", "won"]
    assert claim(client, tech, claim_id)["state"] == "manager_approved"




def test_the_dispatches_served_are_the_claimants_own(app, client):
    """Without importing service_policy: its dispatch ids, checked with plain SQL while
    it is enabled on the site; a dispatch of someone else (or of nobody) is refused."""
    from sqlalchemy import column, select, table

    from core.extensions import db

    from tests.fixtures import as_system

    dispatch = table("service_dispatch", column("id"), column("technician_id"))
    user = table("ab_user", column("id"), column("username"))
    with as_system(app):
        ids = dict(db.session.execute(select(user.c.username, user.c.id).where(
            user.c.username.in_(("gz-tech1", "gz-tech2")))).all())
        own = db.session.execute(select(dispatch.c.id).where(
            dispatch.c.technician_id == ids["gz-tech1"]).order_by(dispatch.c.id)
            .limit(2)).scalars().all()
    assert len(own) == 2, "the service_policy demo dispatches gz-tech1"
    tech1, tech2 = api_token(client, "gz-tech1"), api_token(client, "gz-tech2")
    claim_id = new_claim(client, tech1, dispatch_ids=f"#{own[0]}、#{own[1]}")
    assert claim(client, tech1, claim_id)["dispatch_ids"] == f"{own[0]},{own[1]}"
    for headers, numbers in ((tech2, str(own[0])), (tech1, "2000000000")):
        refused = client.post("/api/v1/expense_claim/", headers=headers, json={
            "destination": "佛山", "trip_start": "2025-03-03", "trip_end": "2025-03-04",
            "dispatch_ids": numbers})
        assert refused.status_code == 422 and "dispatch_ids" in refused.json["message"]
