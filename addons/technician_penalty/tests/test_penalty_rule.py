"""The rule catalogue: loaded per site from data/ on enable, editable, retired not
deleted."""
import decimal

import pytest
from sqlalchemy import func, select

from addons.technician_penalty.models import PenaltyRule
from core import data, sites
from core.context import system_context
from core.extensions import db
from tests.fixtures import api_token, as_system

from .common import gz_id, make_person, propose, rule_id

D = decimal.Decimal
# domain.md, Addon 3: the rules of each sanction and amount; each rule counts once
SANCTIONS = {
    ("major_demerit", D("0.00")): ["P-QUARREL", "P-SOLICIT", "P-NOSERVE"],
    ("fine", D("50.00")): ["P-NOCALL", "P-LATE", "P-ATTITUDE"],
    ("allowance_forfeit", D("10.00")): ["P-PHONE"],
    ("fine", D("100.00")): ["P-DISOBEY", "P-6S-WORST"],
    ("demerit", D("0.00")): ["P-FRAUD"],
    ("fine", D("0.00")): ["P-6S-MONTH"],
    ("reward", D("100.00")): ["R-6S-BEST", "R-SERVICE"],
}
# code -> (sanction, amount, count)
CATALOGUE = {code: (sanction, amount, 1)
             for (sanction, amount), codes in SANCTIONS.items() for code in codes}


def load_rules(site_id: int) -> int:
    return data.load("technician_penalty", site_id)


def test_penalty_rule_catalogue_has_every_rule_of_the_domain_with_its_sanction(app):
    with as_system(app, gz_id(app)):
        rules = {rule.code: (rule.sanction, rule.amount, rule.quantity)
                 for rule in db.session.execute(
                     select(PenaltyRule).where(PenaltyRule.site_id == gz_id(app))).scalars()}
    for code, sanction in CATALOGUE.items():
        assert rules[code] == sanction, code


def test_penalty_rule_loading_is_per_site_and_idempotent(app):
    """A new site has no rules until the addon's are loaded there; loaded twice, kept
    as the site changed them, and rolled back with the site."""
    with as_system(app):
        site_id = sites.create_site("rules-new", "Rules").id  # flushed, rolled back below
        assert db.session.execute(select(func.count()).select_from(PenaltyRule).where(
            PenaltyRule.site_id == site_id)).scalar() == 0
        addon = app.extensions["erp_addons"]["technician_penalty"]
        default_rules = data.read(addon.path, "data/penalty_rule.csv")[2]
        assert load_rules(site_id) == len(default_rules) == len(CATALOGUE)
        assert load_rules(site_id) == 0
        rule = db.session.execute(select(PenaltyRule).where(
            PenaltyRule.site_id == site_id, PenaltyRule.code == "P-LATE")).scalar_one()
        rule.amount = D("80.00")  # the site's own policy
        db.session.flush()
        assert load_rules(site_id) == 0
        assert rule.amount == D("80.00")
        with system_context(site_id):  # acting for the new site, it sees its own only
            gz_late = db.session.execute(select(PenaltyRule).where(
                PenaltyRule.site_id == gz_id(app), PenaltyRule.code == "P-LATE")).first()
        assert gz_late is None
        db.session.rollback()


def test_penalty_rule_api_lists_the_catalogue_loaded_on_enable(client):
    headers = api_token(client, "gz-hr")
    response = client.get("/api/v1/penalty_rule/?q=(page_size:100)", headers=headers)
    assert response.status_code == 200
    codes = {row["code"] for row in response.json["result"]}
    assert set(CATALOGUE) <= codes


def test_penalty_rule_is_editable_per_site_and_checked(client, app):
    headers = api_token(client, "gz-hr")
    created = client.post("/api/v1/penalty_rule/", headers=headers, json={
        "code": "P-SMOKE", "name": "Smoking in the customer's workshop", "sanction": "fine",
        "amount": "30.00"})
    assert created.status_code == 201, created.json
    rule_url = f"/api/v1/penalty_rule/{created.json['id']}"
    changed = client.put(rule_url, headers=headers, json={"amount": "40"})
    assert changed.status_code == 200
    assert client.get(rule_url, headers=headers).json["result"]["amount"] == "40.00"
    assert client.post("/api/v1/penalty_rule/", headers=headers, json={
        "code": "P-SMOKE", "name": "again", "sanction": "fine", "amount": "1"}
    ).status_code == 422
    bad = client.post("/api/v1/penalty_rule/", headers=headers, json={
        "code": "bad code", "name": "", "sanction": "flogging", "amount": "-3"})
    assert bad.status_code == 422
    assert {"code", "name", "sanction", "amount"} <= set(bad.json["message"])
    no_amount = client.post("/api/v1/penalty_rule/", headers=headers, json={
        "code": "P-NOAMOUNT", "name": "x", "sanction": "fine"})
    assert no_amount.status_code == 422 and "amount" in no_amount.json["message"]
    assert client.delete(rule_url, headers=headers).status_code in (404, 405)


def test_penalty_rule_retired_keeps_its_records_and_takes_no_new_ones(client, app):
    hr, manager = api_token(client, "gz-hr"), api_token(client, "gz-manager")
    technician = make_person(app, "tp-rule-tech")
    created = client.post("/api/v1/penalty_rule/", headers=hr, json={
        "code": "P-RETIRE", "name": "A rule about to be retired", "sanction": "fine",
        "amount": "20.00"})
    rule = created.json["id"]
    record = propose(client, manager, technician, "P-RETIRE", app)
    assert client.put(f"/api/v1/penalty_rule/{rule}", headers=hr,
                      json={"active": False}).status_code == 200
    kept = client.get(f"/api/v1/penalty_record/{record}", headers=hr).json["result"]
    assert kept["rule_id"] == rule and kept["rule"]["code"] == "P-RETIRE"
    refused = client.post("/api/v1/penalty_record/", headers=manager, json={
        "technician_id": technician, "rule_id": rule, "occurred_at": "2026-01-05T02:00:00"})
    assert refused.status_code == 422
    assert "retired" in refused.json["message"]["rule_id"][0]


def test_penalty_rule_edit_does_not_rewrite_proposed_records(client, app):
    hr, manager = api_token(client, "gz-hr"), api_token(client, "gz-manager")
    technician = make_person(app, "tp-rule-tech")
    created = client.post("/api/v1/penalty_rule/", headers=hr, json={
        "code": "P-HISTORY", "name": "Amount history", "sanction": "fine", "amount": "20.00"})
    record = propose(client, manager, technician, "P-HISTORY", app)
    client.put(f"/api/v1/penalty_rule/{created.json['id']}", headers=hr,
               json={"amount": "25.00"})
    shown = client.get(f"/api/v1/penalty_record/{record}", headers=hr).json["result"]
    assert D(str(shown["amount"])) == D("20.00")


@pytest.mark.parametrize("user", ["gz-manager", "gz-tech1"])
def test_penalty_rule_read_only_for_managers_and_technicians(client, app, user):
    headers = api_token(client, user)
    assert client.get("/api/v1/penalty_rule/", headers=headers).status_code == 200
    assert client.put(f"/api/v1/penalty_rule/{rule_id(app, 'P-LATE')}", headers=headers,
                      json={"amount": "1.00"}).status_code == 403


def test_penalty_rule_dealers_see_nothing(client):
    headers = api_token(client, "dealer-a")
    assert client.get("/api/v1/penalty_rule/", headers=headers).status_code in (403, 404)
