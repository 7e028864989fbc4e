"""Warranty-part returns (三包件退回) [000 §3.1–3.5, §4.5.3–4.5.5]: counted against the
service record's list (a count that differs is kept as counted, with the
explanation), stored in the nonconforming area, the supplier identified by quality
from the marking, the return notice printed for purchasing."""
import datetime

from sqlalchemy import select

from core.extensions import db
from tests.fixtures import api_token, as_system, login

from .helpers import act, ids, show


def record_with_parts(app, dealer="dealer-a", parts=(("HYD-PUMP-01", "液压泵", 2, True),
                                                     ("SEAL-KIT-07", "密封件", 1, True),
                                                     ("BOLT-M8", "螺栓", 4, False))):
    """A service record of ``dealer`` replacing ``parts`` (number, name, pieces,
    tagged for return)."""
    from addons.service_policy.models import (ServiceRecord, ServiceRecordPart,
                                              ServiceRequest)

    known = ids(app)
    with as_system(app, known["gz"]):
        request = db.session.execute(select(ServiceRequest).where(
            ServiceRequest.dealer_id == known["dealers"][dealer]).order_by(
            ServiceRequest.id)).scalars().first()
        record = ServiceRecord(request=request, technician_id=known["users"]["gz-tech1"],
                               visited_on=datetime.date(2026, 11, 20),
                               returned_on=datetime.date(2026, 11, 21),
                               work_done="更换液压泵")
        record.parts = [ServiceRecordPart(part_number=number, name=name, quantity=pieces,
                                          tagged_for_return=tagged)
                        for number, name, pieces, tagged in parts]
        db.session.add(record)
        db.session.commit()
        return record.id


def register(client, headers, record_id) -> dict:
    response = client.post("/api/v1/warranty_return/", json={"record": record_id},
                           headers=headers)
    assert response.status_code == 201, response.json
    return show(client, headers, "warranty_return", response.json["id"])


def lines(client, headers, return_id) -> list[dict]:
    response = client.get(
        f"/api/v1/warranty_return_line/?q=(filters:!((col:warranty_return,opr:rel_o_m,value:{return_id})))",
        headers=headers)
    assert response.status_code == 200, response.json
    return sorted(response.json["result"], key=lambda line: line["id"])


def counted(client, headers, return_id, counts: list[int], reason=None):
    ids_ = [line["id"] for line in lines(client, headers, return_id)]
    body = {"counts": {str(i): n for i, n in zip(ids_, counts)}}
    if reason:
        body["reason"] = reason
    return act(client, headers, "warranty_return", return_id, "receive", **body)


def test_return_lists_the_record_parts_tagged_for_return(app, client):
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    assert returned["state"] == "registered"
    assert returned["number"].startswith("GZ-TH-")
    assert [(line["part_number"], line["listed_quantity"], line["received_quantity"])
            for line in lines(client, qa, returned["id"])] == [
        ("HYD-PUMP-01", 2, None), ("SEAL-KIT-07", 1, None)]  # the bolts are not returned


def test_count_that_differs_from_the_list_is_recorded_as_counted(app, client):
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    # 1 pump of the 2 listed arrived: without a word about it, refused
    refused = counted(client, qa, returned["id"], [1, 1])
    assert refused.status_code == 422 and "reason" in refused.json["message"]
    assert show(client, qa, "warranty_return", returned["id"])["state"] == "registered"
    done = counted(client, qa, returned["id"], [1, 1], reason="液压泵少一件，经销商称另一件在途")
    assert done.status_code == 200, done.json
    after = show(client, qa, "warranty_return", returned["id"])
    assert after["state"] == "received" and after["count_differs"] is True
    assert after["count_note"] == "液压泵少一件，经销商称另一件在途"
    assert after["received_by_id"] == ids(app)["users"]["gz-qa"]
    assert [(line["listed_quantity"], line["received_quantity"])
            for line in lines(client, qa, returned["id"])] == [(2, 1), (1, 1)]


def test_count_matching_the_list_needs_no_explanation(app, client):
    manager = api_token(client, "gz-manager")
    returned = register(client, manager, record_with_parts(app))
    assert counted(client, manager, returned["id"], [2, 1]).status_code == 200
    assert show(client, manager, "warranty_return", returned["id"])["count_differs"] is False


def test_counts_must_be_whole_pieces_for_every_line(app, client):
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    first, second = (line["id"] for line in lines(client, qa, returned["id"]))
    for counts in ({str(first): 2}, {str(first): 1.5, str(second): 1},
                   {str(first): -1, str(second): 1}, "2,1"):
        response = act(client, qa, "warranty_return", returned["id"], "receive",
                       counts=counts, reason="x")
        assert response.status_code == 422, (counts, response.json)


def test_steps_go_in_order_and_each_has_its_role(app, client):
    qa, manager = api_token(client, "gz-qa"), api_token(client, "gz-manager")
    returned = register(client, manager, record_with_parts(app))
    return_id = returned["id"]
    assert act(client, manager, "warranty_return", return_id, "store").status_code == 409
    assert counted(client, manager, return_id, [2, 1]).status_code == 200
    assert act(client, manager, "warranty_return", return_id, "notify").status_code == 409
    stored = act(client, manager, "warranty_return", return_id, "store")
    assert stored.status_code == 200
    # stored in the nonconforming area (the site's setting, 不合格品区 by default)
    assert stored.json["result"]["location"] == "不合格品区"
    first, second = (line["id"] for line in lines(client, qa, return_id))
    suppliers = {str(first): "江苏恒力液压有限公司", str(second): "宁波密封件厂"}
    # the supplier is identified by quality staff, not by the service manager
    assert act(client, manager, "warranty_return", return_id, "identify",
               suppliers=suppliers).status_code == 403
    missing = act(client, qa, "warranty_return", return_id, "identify",
                  suppliers={str(first): "江苏恒力液压有限公司"})
    assert missing.status_code == 422 and f"supplier_{second}" in missing.json["message"]
    identified = act(client, qa, "warranty_return", return_id, "identify",
                     suppliers=suppliers, markings={str(first): "HL-2026-09 批次"})
    assert identified.status_code == 200, identified.json
    assert identified.json["result"]["identified_by_id"] == ids(app)["users"]["gz-qa"]
    assert [(line["supplier"], line["marking"]) for line in lines(client, qa, return_id)] \
        == [("江苏恒力液压有限公司", "HL-2026-09 批次"), ("宁波密封件厂", None)]
    assert act(client, manager, "warranty_return", return_id, "notify").status_code == 200
    assert act(client, qa, "warranty_return", return_id, "notify").status_code == 409


def test_return_notice_page_lists_each_supplier_parts_in_chinese(app, client):
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    return_id = returned["id"]
    assert counted(client, qa, return_id, [1, 1], reason="少一件").status_code == 200
    assert act(client, qa, "warranty_return", return_id, "store").status_code == 200
    login(client, "gz-qa")
    # not before the supplier is known
    early = client.get(f"/warrantyreturnview/notice/{return_id}")
    assert early.status_code == 302
    first, second = (line["id"] for line in lines(client, qa, return_id))
    assert act(client, qa, "warranty_return", return_id, "identify", suppliers={
        str(first): "江苏恒力液压有限公司", str(second): "江苏恒力液压有限公司"},
        markings={str(first): "HL-2026-09"}).status_code == 200
    page = client.get(f"/warrantyreturnview/notice/{return_id}?_l_=zh_CN")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "三包不合格品清退通知" in html
    assert html.count("江苏恒力液压有限公司") == 1  # one notice for the one supplier
    assert f"{returned['number']}-1" in html and "HYD-PUMP-01" in html
    assert "不合格品区" in html


def test_dealers_and_technicians_do_not_see_returns(app, client):
    """Returns are the company's internal quality records (suppliers, counts): a
    dealer sends the parts back but sees no return, its own or another's."""
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    for username in ("dealer-a", "dealer-b", "gz-tech1"):
        headers = api_token(client, username)
        assert client.get("/api/v1/warranty_return/", headers=headers).status_code == 403
        assert client.get(f"/api/v1/warranty_return/{returned['id']}",
                          headers=headers).status_code == 403
        assert client.get("/api/v1/warranty_return_line/", headers=headers).status_code \
            == 403
        assert act(client, headers, "warranty_return", returned["id"],
                   "receive").status_code == 403


def test_another_site_does_not_see_gz_returns(app, client):
    qa = api_token(client, "gz-qa")
    returned = register(client, qa, record_with_parts(app))
    hq = api_token(client, "hq-manager")
    assert client.get(f"/api/v1/warranty_return/{returned['id']}",
                      headers=hq).status_code == 404
    listed = client.get("/api/v1/warranty_return/?q=(page_size:100)", headers=hq).json
    assert returned["id"] not in {row["id"] for row in listed["result"]}


def test_record_without_parts_to_return_is_refused(app, client):
    qa = api_token(client, "gz-qa")
    record_id = record_with_parts(app, parts=(("BOLT-M8", "螺栓", 4, False),))
    response = client.post("/api/v1/warranty_return/", json={"record": record_id},
                           headers=qa)
    assert response.status_code == 422 and "record" in response.json["message"]
