"""The checks of each line (domain.md Addon 4: 出差的票据与出差地应相符), receipts and
cost bearers (004 制度4 §9)."""
from __future__ import annotations

import datetime

from core.models import utcnow

from tests.fixtures import api_token

from .common import (act, add_line, claim, codes, gz_setting, invoice, line, new_claim,
                     pdf, submitted, upload)


def test_receipts_on_the_first_and_last_trip_day_are_inside_the_trip(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech, start="2025-03-03", end="2025-03-05")
    first = add_line(client, tech, claim_id, spent_on="2025-03-03")
    last = add_line(client, tech, claim_id, spent_on="2025-03-05")
    before = add_line(client, tech, claim_id, spent_on="2025-03-02")
    after = add_line(client, tech, claim_id, spent_on="2025-03-06")
    assert "date_outside_trip" not in codes(client, tech, first)
    assert "date_outside_trip" not in codes(client, tech, last)
    assert "date_outside_trip" in codes(client, tech, before)
    assert "date_outside_trip" in codes(client, tech, after)
    message = [f for f in line(client, tech, after)["flags"]
               if f["code"] == "date_outside_trip"][0]["message"]
    assert "2025-03-06" in message and "2025-03-03" in message and "2025-03-05" in message


def test_a_hotel_in_another_city_is_flagged_and_not_reimbursed(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech, destination="佛山")
    same = add_line(client, tech, claim_id, city="佛山市")  # 市 makes no difference
    spaced = add_line(client, tech, claim_id, city=" 佛山 ", spent_on="2025-03-04")
    other = add_line(client, tech, claim_id, city="韶关", spent_on="2025-03-05")
    assert codes(client, tech, same) == [] and line(client, tech, same)["reimbursable"]
    assert codes(client, tech, spaced) == []
    found = line(client, tech, other)
    assert [f["code"] for f in found["flags"]] == ["city_mismatch"]
    assert "韶关" in found["flags"][0]["message"] and "佛山" in found["flags"][0]["message"]
    assert found["reimbursable"] is False
    assert claim(client, tech, claim_id)["reimbursable_total"] == "400.00"


def test_the_allowance_is_not_city_checked_and_transport_home_is_fine(app, client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech, destination="佛山")
    with gz_setting(app, "home_cities", ["广州"]):
        allowance = add_line(client, tech, claim_id, kind="allowance", city="韶关",
                             amount="100.00", receipt=False)
        home = add_line(client, tech, claim_id, kind="transport", city="广州市",
                        amount="35.50")
        hotel_home = add_line(client, tech, claim_id, city="广州", amount="200.00")
    assert codes(client, tech, allowance) == []
    assert codes(client, tech, home) == []  # a ticket home is from the home city
    assert codes(client, tech, hotel_home) == ["city_mismatch"]  # a hotel is not


def test_a_city_is_required_where_the_city_is_checked(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    response = client.post("/api/v1/expense_line/", headers=tech, json={
        "claim_id": claim_id, "kind": "accommodation", "spent_on": "2025-03-03",
        "amount": "200.00"})
    assert response.status_code == 422 and "city" in response.json["message"]


def test_the_manager_overrides_a_city_mismatch_with_a_reason(client):
    tech = api_token(client, "gz-tech2")
    claim_id = new_claim(client, tech, destination="清远")
    other = add_line(client, tech, claim_id, city="韶关")
    manager = api_token(client, "gz-manager")
    early = client.post(f"/api/v1/expense_line/{other}/override", headers=manager,
                        json={"reason": "客户安排"})
    assert early.status_code == 409  # a draft is not waiting for the manager
    assert act(client, tech, claim_id, "submit").status_code == 200
    own = client.post(f"/api/v1/expense_line/{other}/override", headers=tech,
                      json={"reason": "我自己"})
    assert own.status_code == 403  # technicians hold no override permission
    missing = client.post(f"/api/v1/expense_line/{other}/override", headers=manager,
                          json={})
    assert missing.status_code == 422 and "reason" in missing.json["message"]
    done = client.post(f"/api/v1/expense_line/{other}/override", headers=manager,
                       json={"reason": "清远酒店客满，客户安排韶关酒店"})
    assert done.status_code == 200, done.json
    found = line(client, manager, other)
    assert found["reimbursable"] is True
    assert found["flags"][0]["code"] == "city_mismatch" and found["flags"][0]["overridden"]
    assert found["override_reason"] == "清远酒店客满，客户安排韶关酒店"


def lines_of_two_claims(client, first: dict, second: dict) -> list[tuple]:
    """``gz-tech1`` files a claim with a line of ``first``'s fields, then ``gz-tech2``
    one of ``second``'s: (headers, claim id, line id) of each."""
    filed = []
    for username, fields in (("gz-tech1", first), ("gz-tech2", second)):
        headers = api_token(client, username)
        claim_id = new_claim(client, headers)
        filed.append((headers, claim_id, add_line(client, headers, claim_id, **fields)))
    return filed


def test_the_same_invoice_number_on_two_claims_flags_both(client):
    number = invoice()
    (tech1, first_claim, first), (tech2, second_claim, second) = lines_of_two_claims(
        client, {"invoice_number": number}, {"invoice_number": number.lower()})
    flags = line(client, tech2, second)["flags"]
    assert [f["code"] for f in flags] == ["duplicate_invoice"]
    assert flags[0]["other_claim_id"] == first_claim
    assert f"#{first_claim}" in flags[0]["message"]
    earlier = line(client, tech1, first)["flags"]
    assert [(f["code"], f["other_claim_id"]) for f in earlier] == [
        ("duplicate_invoice", second_claim)]


def test_a_rejected_claim_does_not_count_as_a_duplicate(client):
    tech2, tech1 = api_token(client, "gz-tech2"), api_token(client, "gz-tech1")
    number = invoice()
    rejected_id = new_claim(client, tech2)
    add_line(client, tech2, rejected_id, invoice_number=number)
    assert act(client, tech2, rejected_id, "submit").status_code == 200
    assert act(client, api_token(client, "gz-manager"), rejected_id, "reject",
               reason="发票重复").status_code == 200
    later = add_line(client, tech1, new_claim(client, tech1), invoice_number=number)
    assert codes(client, tech1, later) == []


def test_the_same_receipt_file_on_two_claims_flags_both(client):
    content = pdf()
    (tech1, first_claim, first), (tech2, second_claim, second) = lines_of_two_claims(
        client, {"receipt": content}, {"receipt": content})
    flags = line(client, tech2, second)["flags"]
    assert [(f["code"], f["other_claim_id"]) for f in flags] == [
        ("duplicate_file", first_claim)]
    assert [(f["code"], f["other_claim_id"]) for f in line(client, tech1, first)["flags"]] \
        == [("duplicate_file", second_claim)]


def test_a_line_without_its_receipt_cannot_be_submitted(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    bare = add_line(client, tech, claim_id, receipt=False)
    add_line(client, tech, claim_id, kind="allowance", amount="100.00", receipt=False)
    assert codes(client, tech, bare) == ["missing_receipt"]
    refused = act(client, tech, claim_id, "submit")
    assert refused.status_code == 422
    assert len(refused.json["message"]["lines"]) == 1  # the allowance needs none
    assert claim(client, tech, claim_id)["state"] == "draft"
    assert upload(client, tech, bare, pdf()).status_code == 200
    assert codes(client, tech, bare) == []
    assert act(client, tech, claim_id, "submit").status_code == 200


def test_the_daily_limit_of_a_kind_is_flagged_when_exceeded(client):
    """Accommodation defaults to 350.00 yuan a day: 350.00 is within, 350.01 over."""
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    exact = add_line(client, tech, claim_id, amount="350.00", spent_on="2025-03-03")
    over = add_line(client, tech, claim_id, amount="350.01", spent_on="2025-03-04")
    assert codes(client, tech, exact) == []
    assert codes(client, tech, over) == ["over_daily_limit"]
    # two lines of one day are added up: 200.00 + 150.01 = 350.01
    add_line(client, tech, claim_id, amount="200.00", spent_on="2025-03-05")
    second = add_line(client, tech, claim_id, amount="150.01", spent_on="2025-03-05")
    assert codes(client, tech, second) == ["over_daily_limit"]
    assert "350.01" in line(client, tech, second)["flags"][0]["message"]


def test_flags_are_computed_again_on_submit(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech, start="2025-03-03", end="2025-03-05")
    inside = add_line(client, tech, claim_id, spent_on="2025-03-05")
    response = client.put(f"/api/v1/expense_claim/{claim_id}", headers=tech,
                          json={"trip_end": "2025-03-04"})
    assert response.status_code == 200, response.json
    assert codes(client, tech, inside) == ["date_outside_trip"]


def test_a_receipt_dated_in_the_future_is_refused(client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    tomorrow = (utcnow() + datetime.timedelta(days=2)).date().isoformat()
    response = client.post("/api/v1/expense_line/", headers=tech, json={
        "claim_id": claim_id, "kind": "transport", "spent_on": tomorrow, "city": "佛山",
        "amount": "30.00"})
    assert response.status_code == 422 and "spent_on" in response.json["message"]


def test_uploads_of_a_wrong_type_or_too_large_are_refused(app, client):
    tech = api_token(client, "gz-tech1")
    claim_id = new_claim(client, tech)
    line_id = add_line(client, tech, claim_id, receipt=False)
    assert upload(client, tech, line_id, b"MZ\x90\x00", "发票.exe").status_code == 415
    assert upload(client, tech, line_id, b"not a pdf at all", "发票.pdf").status_code == 415
    assert upload(client, tech, line_id, b"", "发票.pdf").status_code == 422
    limit = app.config["UPLOAD_MAX_BYTES"]
    big = pdf() + b"0" * limit
    assert upload(client, tech, line_id, big, "发票.pdf").status_code == 413
    assert codes(client, tech, line_id) == ["missing_receipt"]
    stored = upload(client, tech, line_id, pdf(), "酒店发票.pdf")
    assert stored.status_code == 200 and stored.json["file_name"] == "酒店发票.pdf"
    download = client.get(f"/api/v1/expense_line/{line_id}/receipt", headers=tech)
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert "%E9%85%92%E5%BA%97" in download.headers["Content-Disposition"]  # 酒店


def test_receipts_and_lines_are_kept_once_submitted(client):
    claim_id, tech = submitted(client)
    line_id = line_ids(client, tech, claim_id)[0]
    assert upload(client, tech, line_id, pdf()).status_code == 409
    changed = client.put(f"/api/v1/expense_line/{line_id}", headers=tech,
                         json={"amount": "1.00"})
    assert changed.status_code == 422 and "claim_id" in changed.json["message"]
    assert client.delete(f"/api/v1/expense_line/{line_id}", headers=tech).status_code == 422


def line_ids(client, headers, claim_id) -> list[int]:
    query = f"(filters:!((col:claim,opr:rel_o_m,value:{claim_id})))"
    response = client.get(f"/api/v1/expense_line/?q={query}", headers=headers)
    assert response.status_code == 200, response.json
    return [row["id"] for row in response.json["result"]]


def test_cost_bearers_follow_the_organisation_and_the_kind(app, client):
    """004 制度4 §9: sales-branch staff's travel → the branch; other after-sales staff's
    → the manufacturer; materials and freight → manufacturing cost."""
    branch, other = api_token(client, "gz-tech1"), api_token(client, "gz-tech2")
    with gz_setting(app, "sales_branch_staff", ["gz-tech1"]):
        branch_claim, other_claim = new_claim(client, branch), new_claim(client, other)
    assert claim(client, branch, branch_claim)["organisation"] == "sales_branch"
    assert claim(client, other, other_claim)["organisation"] == "manufacturer"
    expected = {"transport": ("sales_branch", "manufacturer"),
                "accommodation": ("sales_branch", "manufacturer"),
                "allowance": ("sales_branch", "manufacturer"),
                "phone_allowance": ("sales_branch", "manufacturer"),
                "materials": ("manufacturing_cost", "manufacturing_cost"),
                "freight": ("manufacturing_cost", "manufacturing_cost")}
    for kind, (for_branch, for_other) in expected.items():
        one = add_line(client, branch, branch_claim, kind=kind, amount="5.00")
        two = add_line(client, other, other_claim, kind=kind, amount="5.00")
        assert line(client, branch, one)["cost_bearer"] == for_branch, kind
        assert line(client, other, two)["cost_bearer"] == for_other, kind


def test_other_peoples_claims_take_no_lines(client):
    tech1_claim = new_claim(client, api_token(client, "gz-tech1"))
    tech2 = api_token(client, "gz-tech2")
    response = client.post("/api/v1/expense_line/", headers=tech2, json={
        "claim_id": tech1_claim, "kind": "transport", "spent_on": "2025-03-03",
        "city": "佛山", "amount": "30.00"})
    assert response.status_code == 422  # not a claim of theirs: it names nothing
    assert client.get(f"/api/v1/expense_claim/{tech1_claim}", headers=tech2
                      ).status_code == 404


def test_dealers_see_no_claim(client):
    dealer = api_token(client, "dealer-a")
    assert client.get("/api/v1/expense_claim/", headers=dealer).status_code == 403
    assert client.get("/api/v1/expense_line/", headers=dealer).status_code == 403
