"""Penalty records: proposed → verified (service manager) → HR → final, per role."""
import datetime
import decimal
import io

import pytest

from core.extensions import db
from core.models import ErpUser, utcnow
from tests.fixtures import api_token, as_system, login

from .common import act, finalise, listening, make_person, propose, record, rule_id
from .test_penalty_rule import CATALOGUE

D = decimal.Decimal


def user_id(app, username):
    with as_system(app):
        return db.session.query(ErpUser).filter_by(username=username).one().id


def test_penalty_record_life_cycle_walked_per_role(client, app):
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    tech1, tech2 = api_token(client, "gz-tech1"), api_token(client, "gz-tech2")
    dealer = api_token(client, "dealer-a")
    technician = user_id(app, "gz-tech1")
    body = {"technician_id": technician, "rule_id": rule_id(app, "P-LATE"),
            "occurred_at": (utcnow() - datetime.timedelta(hours=3)).isoformat()}
    assert client.post("/api/v1/penalty_record/", headers=tech1, json=body).status_code == 403
    assert client.post("/api/v1/penalty_record/", headers=dealer, json=body).status_code \
        in (403, 404)
    created = client.post("/api/v1/penalty_record/", headers=manager, json=body)
    assert created.status_code == 201, created.json
    record_id = created.json["id"]
    shown = client.get(f"/api/v1/penalty_record/{record_id}", headers=hr).json["result"]
    assert (shown["state"], shown["sanction"], shown["amount"]) == ("proposed", "fine", "50.00")

    assert act(client, hr, record_id, "hr_approve").status_code == 409  # not verified
    assert act(client, hr, record_id, "verify").status_code == 403
    assert act(client, tech1, record_id, "verify").status_code == 403
    assert act(client, dealer, record_id, "verify").status_code in (403, 404)
    assert act(client, manager, record_id, "verify").status_code == 200
    assert act(client, manager, record_id, "hr_approve").status_code == 403
    approved = act(client, hr, record_id, "hr_approve")
    assert approved.status_code == 200, approved.json
    result = approved.json["result"]
    assert (result["state"], result["final_sanction"], result["final_amount"]) == \
        ("final", "fine", "50.00")
    assert client.put(f"/api/v1/penalty_record/{record_id}", headers=manager,
                      json={"evidence": "rewritten"}).status_code == 409

    # the technician sees their own records only
    assert client.get(f"/api/v1/penalty_record/{record_id}", headers=tech1).status_code == 200
    assert client.get(f"/api/v1/penalty_record/{record_id}", headers=tech2).status_code == 404
    listed = client.get("/api/v1/penalty_record/?q=(page_size:100)", headers=tech2).json
    assert record_id not in listed["ids"]
    assert {row["technician_id"] for row in listed["result"]} <= {user_id(app, "gz-tech2")}
    assert act(client, tech2, record_id, "appeal", reason="not me").status_code == 404

    assert act(client, tech1, record_id, "appeal").status_code == 422  # a reason is due
    appealed = act(client, tech1, record_id, "appeal", reason="The customer moved the time.")
    assert appealed.status_code == 200 and appealed.json["result"]["state"] == "appealed"
    assert act(client, tech1, record_id, "hr_uphold", reason="x").status_code == 403
    upheld = act(client, hr, record_id, "hr_uphold", reason="The call log shows no change.")
    assert upheld.json["result"]["state"] == "final"
    again = act(client, tech1, record_id, "appeal", reason="Once more.")
    assert again.status_code == 409 and "once" in again.json["message"]

    history = client.get(f"/api/v1/penalty_record/{record_id}/history", headers=tech1)
    assert [(row["action"], row["username"]) for row in history.json["result"]] == [
        ("create", "gz-manager"), ("verify", "gz-manager"), ("hr_approve", "gz-hr"),
        ("appeal", "gz-tech1"), ("hr_uphold", "gz-hr")]
    assert history.json["result"][3]["reason"] == "The customer moved the time."
    assert client.get(f"/api/v1/penalty_record/{record_id}/history",
                      headers=tech2).status_code == 404
    # HR reads the same trail through the host's audit log (penalty records are HR's)
    trail = client.get("/api/v1/audit_log/?q=(filters:!((col:row_id,opr:eq,value:%d)),"
                       "order_column:id,order_direction:asc,page_size:100)" % record_id,
                       headers=hr).json["result"]
    assert [row["action"] for row in trail if row["model"] == "penalty_record"] == [
        "create", "verify", "hr_approve", "appeal", "hr_uphold"]
    assert client.get("/api/v1/penalty_record/", headers=dealer).status_code in (403, 404)
    assert client.delete(f"/api/v1/penalty_record/{record_id}",
                         headers=hr).status_code in (404, 405)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_penalty_record_each_rule_gets_its_sanction(client, app, code):
    technician = make_person(app, "tp-sanction-tech")
    sanction, amount, count = CATALOGUE[code]
    extra, decision = {}, {}
    if code == "P-6S-MONTH":
        extra = {"amount": "66.00"}
        amount = D("66.00")
    if code == "P-PHONE":
        decision = {"phone_option": "fine"}
        sanction = "fine"
    record_id = finalise(client, app, technician, code, decision=decision, **extra)
    final = record(app, record_id)
    assert (final.state, final.final_sanction, final.final_amount, final.final_quantity) == \
        ("final", sanction, amount, count)


def test_penalty_record_6s_month_needs_its_amount_and_fixed_rules_keep_theirs(client, app):
    manager = api_token(client, "gz-manager")
    technician = make_person(app, "tp-sanction-tech")
    base = {"technician_id": technician, "occurred_at": "2026-01-05T02:00:00"}
    missing = client.post("/api/v1/penalty_record/", headers=manager,
                          json=dict(base, rule_id=rule_id(app, "P-6S-MONTH")))
    assert missing.status_code == 422 and "amount" in missing.json["message"]
    fixed = client.post("/api/v1/penalty_record/", headers=manager,
                        json=dict(base, rule_id=rule_id(app, "P-LATE"), amount="20.00"))
    assert fixed.status_code == 422 and "50.00" in fixed.json["message"]["amount"][0]
    service = propose(client, manager, technician, "R-SERVICE", app, amount="300.00")
    assert record(app, service).amount == D("300.00")


def test_penalty_record_bad_input_is_422_never_500(client, app):
    manager = api_token(client, "gz-manager")
    technician = make_person(app, "tp-sanction-tech")
    late = rule_id(app, "P-LATE")
    future = (utcnow() + datetime.timedelta(days=2)).isoformat()
    cases = [
        ({"technician_id": user_id(app, "dealer-a"), "rule_id": late,
          "occurred_at": "2026-01-05T02:00:00"}, "technician_id"),
        ({"technician_id": user_id(app, "hq-manager"), "rule_id": late,
          "occurred_at": "2026-01-05T02:00:00"}, "technician_id"),
        ({"technician_id": technician, "rule_id": 999999,
          "occurred_at": "2026-01-05T02:00:00"}, "rule_id"),
        ({"technician_id": technician, "rule_id": late, "occurred_at": future}, "occurred_at"),
        ({"technician_id": technician, "rule_id": late, "occurred_at": "yesterday"},
         "occurred_at"),
        ({"technician_id": "x", "rule_id": late, "occurred_at": "2026-01-05T02:00:00"},
         "technician_id"),
        ({"technician_id": technician, "rule_id": rule_id(app, "R-SERVICE"),
          "occurred_at": "2026-01-05T02:00:00", "amount": "-5"}, "amount"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/penalty_record/", headers=manager, json=body)
        assert response.status_code == 422, (body, response.json)
        assert field in response.json["message"], (body, response.json)


def test_penalty_record_hr_changes_the_sanction_only_with_a_reason(client, app):
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    technician = make_person(app, "tp-change-tech")
    record_id = propose(client, manager, technician, "P-FRAUD", app)
    act(client, manager, record_id, "verify")
    assert act(client, hr, record_id, "hr_change", sanction="dismissal").status_code == 422
    same = act(client, hr, record_id, "hr_change", sanction="demerit", quantity=1,
               reason="no change")
    assert same.status_code == 422 and "sanction" in same.json["message"]
    reward = act(client, hr, record_id, "hr_change", sanction="reward", amount="5",
                 reason="?")
    assert reward.status_code == 422
    no_amount = act(client, hr, record_id, "hr_change", sanction="fine", reason="fine it")
    assert no_amount.status_code == 422 and "amount" in no_amount.json["message"]
    sneaky = act(client, hr, record_id, "hr_approve", sanction="dismissal")
    assert sneaky.status_code == 422
    changed = act(client, hr, record_id, "hr_change", sanction="dismissal",
                  reason="Forged three hotel receipts in one claim.")
    assert changed.status_code == 200, changed.json
    final = record(app, record_id)
    assert (final.state, final.sanction, final.final_sanction) == ("final", "demerit",
                                                                   "dismissal")
    assert final.decision_reason == "Forged three hotel receipts in one claim."


def test_penalty_record_hr_rejects_and_manager_dismisses_with_a_reason(client, app):
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    technician = make_person(app, "tp-change-tech")
    dismissed = propose(client, manager, technician, "P-NOSERVE", app)
    assert act(client, manager, dismissed, "dismiss").status_code == 422
    assert act(client, manager, dismissed, "dismiss", reason="The customer postponed."
               ).json["result"]["state"] == "dismissed"
    rejected = propose(client, manager, technician, "P-DISOBEY", app)
    act(client, manager, rejected, "verify")
    assert act(client, hr, rejected, "hr_reject").status_code == 422
    assert act(client, hr, rejected, "hr_reject", reason="He was on sick leave."
               ).json["result"]["state"] == "rejected"
    assert act(client, hr, rejected, "hr_approve").status_code == 409


def test_penalty_record_phone_off_hr_chooses_forfeit_or_ten_yuan(client, app):
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    technician = make_person(app, "tp-phone-tech")
    forfeit = propose(client, manager, technician, "P-PHONE", app,
                      occurred_at="2026-01-31T17:00:00")  # 1 February in Shanghai
    act(client, manager, forfeit, "verify")
    assert act(client, hr, forfeit, "hr_approve").status_code == 422
    assert act(client, hr, forfeit, "hr_approve", phone_option="both").status_code == 422
    with listening(app, "technician_penalty.phone_allowance_forfeited") as heard:
        approved = act(client, hr, forfeit, "hr_approve", phone_option="forfeit")
    assert approved.status_code == 200, approved.json
    assert heard == [{"site_id": record(app, forfeit).site_id, "technician_id": technician,
                      "month": "2026-02", "record_id": forfeit,
                      "source_ref": f"technician_penalty:phone:{forfeit}"}]
    assert record(app, forfeit).final_sanction == "allowance_forfeit"

    fined = propose(client, manager, technician, "P-PHONE", app)
    act(client, manager, fined, "verify")
    with listening(app, "technician_penalty.phone_allowance_forfeited") as heard:
        act(client, hr, fined, "hr_approve", phone_option="fine")
    assert heard == []
    final = record(app, fined)
    assert (final.final_sanction, final.final_amount) == ("fine", D("10.00"))
    other = propose(client, manager, technician, "P-LATE", app)
    act(client, manager, other, "verify")
    assert act(client, hr, other, "hr_approve", phone_option="fine").status_code == 422


def test_penalty_record_evidence_file_until_hr_decides(client, app):
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    tech1, tech2 = api_token(client, "gz-tech1"), api_token(client, "gz-tech2")
    record_id = propose(client, manager, user_id(app, "gz-tech1"), "P-NOCALL", app)
    upload = client.post(f"/api/v1/penalty_record/{record_id}/file", headers=manager,
                         data={"file": (io.BytesIO(b"%PDF-1.4 call log"), "通话记录.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 200, upload.json
    download = client.get(f"/api/v1/penalty_record/{record_id}/file", headers=tech1)
    assert download.status_code == 200 and download.data == b"%PDF-1.4 call log"
    assert "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/api/v1/penalty_record/{record_id}/file",
                      headers=tech2).status_code == 404
    login(client, "gz-tech1")
    page = client.get(f"/penaltyrecordview/show/{record_id}").get_data(as_text=True)
    assert f"/penaltyrecordview/evidence/{record_id}" in page and "通话记录.pdf" in page
    assert client.get(f"/penaltyrecordview/evidence/{record_id}").data == \
        b"%PDF-1.4 call log"
    client.get("/logout/")
    login(client, "gz-tech2")
    assert client.get(f"/penaltyrecordview/evidence/{record_id}").status_code == 404
    client.get("/logout/")
    act(client, manager, record_id, "verify")
    act(client, hr, record_id, "hr_approve")
    late = client.post(f"/api/v1/penalty_record/{record_id}/file", headers=hr,
                       data={"file": (io.BytesIO(b"%PDF-1.4 later"), "later.pdf")},
                       content_type="multipart/form-data")
    assert late.status_code == 409


def test_penalty_record_stale_version_is_409(client, app):
    manager = api_token(client, "gz-manager")
    record_id = propose(client, manager, make_person(app, "tp-change-tech"), "P-LATE", app)
    assert act(client, manager, record_id, "verify", version=7).status_code == 409
    assert act(client, manager, record_id, "verify", version=1).status_code == 200


def test_penalty_record_pages_hr_queue_and_decision_form(client, app):
    manager_api = api_token(client, "gz-manager")
    technician = make_person(app, "tp-page-tech")
    record_id = propose(client, manager_api, technician, "P-PHONE", app)
    act(client, manager_api, record_id, "verify")
    login(client, "gz-hr")
    shown = client.get(f"/penaltyreviewview/show/{record_id}").get_data(as_text=True)
    assert f'href="/penaltyreviewview/transition/{record_id}/hr_approve"' in shown
    queue = client.get("/penaltyreviewview/list/?psize_PenaltyReviewView=100")
    assert queue.status_code == 200
    assert f"/penaltyreviewview/show/{record_id}" in queue.get_data(as_text=True)
    form = client.get(f"/penaltyreviewview/transition/{record_id}/hr_approve")
    assert form.status_code == 200 and 'name="phone_option"' in form.get_data(as_text=True)
    done = client.post(f"/penaltyreviewview/transition/{record_id}/hr_approve",
                       data={"phone_option": "fine", "version": "2"})
    assert done.status_code == 302
    assert record(app, record_id).final_sanction == "fine"
    assert client.get(f"/penaltyrecordview/show/{record_id}").status_code == 200
    assert client.get("/penaltyrecordview/list/").status_code == 200
    client.get("/logout/")
    login(client, "gz-tech1")
    assert client.get("/penaltyreviewview/list/").status_code in (302, 403)
    mine = client.get("/penaltyrecordview/list/").get_data(as_text=True)
    assert f"/penaltyrecordview/show/{record_id}" not in mine
