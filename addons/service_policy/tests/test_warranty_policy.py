"""Warranty status from the purchase date and the policy [domain: 三包]."""
import datetime

import pytest

from addons.service_policy.models.warranty_policy import WarrantyPolicy, add_months

from .helpers import ids, manager, new_request, show

D = datetime.date


def policy(months):
    return WarrantyPolicy(product_line="x", name="x", months=months)


def test_twelve_month_warranty_ends_the_day_before_the_anniversary():
    bought = D(2025, 11, 22)
    assert policy(12).covers(bought, D(2026, 11, 21))
    assert not policy(12).covers(bought, D(2026, 11, 22))  # the anniversary is out
    assert policy(12).covers(bought, bought)
    assert not policy(12).covers(bought, D(2025, 11, 21))  # not yet bought


@pytest.mark.parametrize("year, last_covered_day", [(2026, 27), (2028, 28)])
def test_month_arithmetic_clamps_to_the_last_day_of_february(year, last_covered_day):
    bought = D(year, 1, 31)
    assert add_months(bought, 1) == D(year, 2, last_covered_day + 1)
    assert policy(1).covers(bought, D(year, 2, last_covered_day))
    assert not policy(1).covers(bought, D(year, 2, last_covered_day + 1))


def test_unit_warranty_endpoint_follows_its_product_lines_policy(app, client):
    from addons.service_policy.models import ProductUnit

    from core.extensions import db
    from tests.fixtures import as_system

    with as_system(app):
        unit = db.session.get(ProductUnit, ids(app)["customers"]["dealer-a"]["unit"])
        unit_id, bought = unit.id, unit.purchase_date
        months = unit.policy().months
    end = add_months(bought, months)
    headers = manager(client)
    inside = client.get(f"/api/v1/product_unit/{unit_id}/warranty?on="
                        f"{end - datetime.timedelta(days=1)}", headers=headers).json
    outside = client.get(f"/api/v1/product_unit/{unit_id}/warranty?on={end}",
                         headers=headers).json
    assert inside["status"] == "in_warranty" and outside["status"] == "out_of_warranty"
    assert inside["ends_on"] == end.isoformat()
    bad = client.get(f"/api/v1/product_unit/{unit_id}/warranty?on=yesterday",
                     headers=headers)
    assert bad.status_code == 422


def test_request_for_a_unit_in_warranty_is_free_out_of_warranty_quoted(app, client):
    from addons.service_policy.models import ProductUnit

    from core.extensions import db
    from tests.fixtures import as_system

    known = ids(app)
    headers = manager(client)
    customer = known["customers"]["dealer-a"]["customer"]
    with as_system(app):
        fresh = ProductUnit(site_id=known["gz"], dealer_id=known["dealers"]["dealer-a"],
                            customer_id=customer, serial="WARRANTY-NEW", model="TX-804",
                            product_line="Tractor", purchase_date=datetime.date.today())
        old = ProductUnit(site_id=known["gz"], dealer_id=known["dealers"]["dealer-a"],
                          customer_id=customer, serial="WARRANTY-OLD", model="TX-804",
                          product_line="Tractor",
                          purchase_date=datetime.date.today() - datetime.timedelta(days=800))
        db.session.add_all([fresh, old])
        db.session.commit()
        fresh_id, old_id = fresh.id, old.id
    free = show(client, headers, "service_request",
                new_request(client, headers, customer, fresh_id))
    quoted = show(client, headers, "service_request",
                  new_request(client, headers, customer, old_id))
    assert (free["warranty_status"], free["cost_bearer"]) == ("in_warranty", "manufacturer")
    assert (quoted["warranty_status"], quoted["cost_bearer"]) == ("out_of_warranty",
                                                                  "customer (quoted)")
    non_quality = show(client, headers, "service_request", new_request(
        client, headers, customer, fresh_id, category="non_quality"))
    assert non_quality["cost_bearer"] == "customer's business unit"


def test_a_sites_policies_list_by_product_line_on_the_page_and_in_the_api(app, client):
    from tests.fixtures import api_token, login

    admin = api_token(client, "gz-admin")
    for line in ("ZZ-order-last", "AA-order-first"):
        created = client.post("/api/v1/warranty_policy/", headers=admin, json={
            "product_line": line, "name": line, "months": 12})
        assert created.status_code == 201, created.json
    listed = client.get("/api/v1/warranty_policy/", headers=admin).json["result"]
    lines = [row["product_line"] for row in listed]
    assert lines == sorted(lines) and {"AA-order-first", "ZZ-order-last"} <= set(lines)
    page = login(app.test_client(), "gz-admin").get("/warrantypolicyview/list/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index("AA-order-first") < text.index(lines[1]) < text.index("ZZ-order-last")


def test_a_policy_lasts_from_one_month_to_ten_years_and_names_its_product_line(client):
    from tests.fixtures import api_token

    admin = api_token(client, "gz-admin")

    def create(**fields):
        return client.post("/api/v1/warranty_policy/", headers=admin,
                           json={"product_line": "PL-check", "name": "check", **fields})

    for months in (0, -12, 121, 1_000_000):
        refused = create(months=months)
        assert refused.status_code == 422, (months, refused.json)
        assert refused.json["message"] == {"months": ["A warranty lasts from 1 to 120 "
                                                      "months."]}
    blank = create(product_line="  ", name=" ", months=12)
    assert blank.status_code == 422
    assert set(blank.json["message"]) == {"product_line", "name"}
    assert create(months=1).status_code == 201


def test_a_routing_rule_names_a_known_severity(client):
    from tests.fixtures import api_token

    refused = client.post("/api/v1/service_routing_rule/", headers=api_token(client, "gz-admin"),
                          json={"severity": "urgent", "routed_to": "QA", "capa_owner": "QA"})
    assert refused.status_code == 422
    assert refused.json["message"] == {"severity": ["Choose one of: major, important, general."]}
