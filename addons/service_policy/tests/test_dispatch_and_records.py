"""Dispatch needs a valid certification; late arrival and leaving without calling are
recorded and announced; service records are due 2 days after the return."""
import datetime

from addons.service_policy.models import ServiceRecord

from core.extensions import db
from tests.fixtures import api_token, as_system

from .helpers import act, ids, listening, manager, new_request, show


def acknowledged_request(app, client, headers):
    known = ids(app)
    request_id = new_request(client, headers, known["customers"]["dealer-a"]["customer"])
    assert act(client, headers, "service_request", request_id, "acknowledge").status_code \
        == 200
    return request_id


def dispatch(client, headers, request_id, technician_id, agreed):
    return client.post("/api/v1/service_dispatch/", headers=headers, json={
        "request": request_id, "technician": technician_id,
        "agreed_on_site_at": agreed.isoformat(timespec="seconds")})


def test_uncertified_technician_cannot_be_dispatched(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    # gz-tech2's training expired ten days ago (demo data)
    refused = dispatch(client, headers, request_id, known["users"]["gz-tech2"],
                       datetime.datetime.utcnow())
    assert refused.status_code == 422
    assert "no valid training certification" in str(refused.json["message"])
    assert show(client, headers, "service_request", request_id)["state"] == "acknowledged"


def test_certification_is_valid_through_its_last_day(app, client):
    from addons.service_policy.models import TechnicianCertification

    known = ids(app)
    headers = manager(client)
    with as_system(app):
        cert = db.session.query(TechnicianCertification).filter_by(
            technician_id=known["users"]["gz-tech1"]).first()
        last_day = cert.valid_until
    request_id = acknowledged_request(app, client, headers)
    # agreed at noon Shanghai time on the last valid day, then on the day after
    on_last_day = datetime.datetime.combine(last_day, datetime.time(4, 0))
    assert dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                    on_last_day + datetime.timedelta(days=1)).status_code == 422
    assert dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                    on_last_day).status_code == 201


def test_late_arrival_is_recorded_and_announced(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    agreed = datetime.datetime.utcnow() - datetime.timedelta(minutes=45)
    dispatch_id = dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                           agreed).json["id"]
    tech = api_token(client, "gz-tech1")
    with listening(app, "service_policy.late_arrival") as heard:
        assert act(client, tech, "service_dispatch", dispatch_id, "arrive").status_code == 200
    minutes = show(client, headers, "service_dispatch", dispatch_id)["late_minutes"]
    assert 45 <= minutes <= 46
    assert [(e["dispatch_id"], e["minutes_late"], e["source_ref"]) for e in heard] == [
        (dispatch_id, minutes, f"service_policy:late:{dispatch_id}")]


def test_on_time_arrival_announces_nothing(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    dispatch_id = dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                           datetime.datetime.utcnow() + datetime.timedelta(hours=1)).json["id"]
    with listening(app, "service_policy.late_arrival") as heard:
        act(client, api_token(client, "gz-tech1"), "service_dispatch", dispatch_id, "arrive")
    assert heard == []
    assert show(client, headers, "service_dispatch", dispatch_id)["late_minutes"] == 0


def test_leaving_without_calling_in_is_announced(app, client):
    known = ids(app)
    headers = manager(client)
    tech = api_token(client, "gz-tech1")
    outcomes = []
    for called_in in (True, False):
        request_id = acknowledged_request(app, client, headers)
        dispatch_id = dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                               datetime.datetime.utcnow()).json["id"]
        act(client, tech, "service_dispatch", dispatch_id, "arrive")
        client.put(f"/api/v1/service_dispatch/{dispatch_id}", headers=tech,
                   json={"called_in": called_in})
        with listening(app, "service_policy.left_without_calling") as heard:
            assert act(client, tech, "service_dispatch", dispatch_id, "depart").status_code \
                == 200
        outcomes.append([e["source_ref"] for e in heard])
    assert outcomes[0] == []
    assert outcomes[1] == [f"service_policy:nocall:{dispatch_id}"]


def test_technician_sees_only_own_dispatches(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    dispatch(client, headers, request_id, known["users"]["gz-tech1"], datetime.datetime.utcnow())
    listed = client.get("/api/v1/service_dispatch/?q=(page_size:100)",
                        headers=api_token(client, "gz-tech2")).json
    assert known["users"]["gz-tech1"] not in {r["technician_id"] for r in listed["result"]}


def record(app, returned_on, handed_in_on):
    from core.extensions import db as database

    known = ids(app)
    with as_system(app, known["gz"]):
        from addons.service_policy.models import ServiceRequest

        request = database.session.query(ServiceRequest).filter_by(site_id=known["gz"]).first()
        row = ServiceRecord(site_id=known["gz"], dealer_id=request.dealer_id,
                            request_id=request.id, technician_id=known["users"]["gz-tech1"],
                            visited_on=returned_on, returned_on=returned_on,
                            handed_in_on=handed_in_on, work_done="late test")
        database.session.add(row)
        database.session.commit()
        return row.id


def test_service_record_handed_in_more_than_2_days_after_return_is_flagged_late(app):
    from addons.service_policy.jobs import flag_late_records

    returned = datetime.date(2026, 10, 5)
    on_time = record(app, returned, returned + datetime.timedelta(days=2))
    late = record(app, returned, returned + datetime.timedelta(days=3))
    missing = record(app, returned, None)
    known = ids(app)
    with as_system(app, known["gz"]):
        flag_late_records(known["gz"], "2026-10-07", today=datetime.date(2026, 10, 7))
        db.session.commit()
        flags = {i: db.session.get(ServiceRecord, i).late for i in (on_time, late, missing)}
    assert flags == {on_time: False, late: True, missing: False}  # missing, due today
    with as_system(app, known["gz"]):
        flag_late_records(known["gz"], "2026-10-08", today=datetime.date(2026, 10, 8))
        db.session.commit()
        assert db.session.get(ServiceRecord, missing).late is True


def test_record_returned_before_the_visit_is_422(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    response = client.post("/api/v1/service_record/", headers=headers, json={
        "request": request_id, "technician": known["users"]["gz-tech1"],
        "visited_on": "2026-10-05", "returned_on": "2026-10-04", "work_done": "x"})
    assert response.status_code == 422 and "returned_on" in response.json["message"]


def test_arrival_and_departure_reported_afterwards(app, client):
    known = ids(app)
    headers = manager(client)
    request_id = acknowledged_request(app, client, headers)
    agreed = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(hours=5)
    dispatch_id = dispatch(client, headers, request_id, known["users"]["gz-tech1"],
                           agreed).json["id"]
    tech = api_token(client, "gz-tech1")
    future = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)).isoformat()
    for bad in ("yesterday", future):
        refused = act(client, tech, "service_dispatch", dispatch_id, "arrive", at=bad)
        assert refused.status_code == 422, bad
        assert "at" in refused.json["message"]
    assert show(client, headers, "service_dispatch", dispatch_id)["state"] == "planned"
    # 30 minutes late, reported in Shanghai time (UTC+8) with its offset
    arrived = (agreed + datetime.timedelta(minutes=30, hours=8)).isoformat() + "+08:00"
    assert act(client, tech, "service_dispatch", dispatch_id, "arrive",
               at=arrived).status_code == 200
    row = show(client, headers, "service_dispatch", dispatch_id)
    assert row["late_minutes"] == 30
    assert row["arrived_at"].startswith((agreed + datetime.timedelta(minutes=30)).isoformat())
    before = (agreed + datetime.timedelta(minutes=10)).isoformat()
    assert act(client, tech, "service_dispatch", dispatch_id, "depart",
               at=before).status_code == 422
    left = (agreed + datetime.timedelta(hours=2)).isoformat()
    assert act(client, tech, "service_dispatch", dispatch_id, "depart", at=left).status_code \
        == 200
    assert show(client, headers, "service_dispatch", dispatch_id)["departed_at"].startswith(left)
