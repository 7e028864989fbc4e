"""Dispatch needs a valid certification; late arrival and leaving without calling are
recorded and announced."""
import datetime

from core.extensions import db
from tests.fixtures import api_token, as_system

from .helpers import acknowledged_request, act, ids, listening, manager, show


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
