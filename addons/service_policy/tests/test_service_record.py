"""Service records are due 2 days after the return; a return before the visit is
refused."""
import datetime

from addons.service_policy.models import ServiceRecord

from core.extensions import db
from tests.fixtures import as_system

from .helpers import acknowledged_request, ids, manager


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


def test_checks_run_on_every_write_path_not_only_pages_and_api(app):
    """A job or the demo writes through the same checks as a page: a part with no
    quantity is refused at the flush, with the message for its field."""
    import pytest

    from addons.service_policy.models import ServiceRecordPart
    from core.workflow import InvalidInput

    known = ids(app)
    record_id = record(app, datetime.date(2026, 10, 5), None)
    with as_system(app, known["gz"]):
        db.session.add(ServiceRecordPart(record_id=record_id, part_number="P-0",
                                         quantity=0))
        with pytest.raises(InvalidInput) as refused:
            db.session.flush()
        db.session.rollback()
    assert list(refused.value.messages) == ["quantity"]
    assert len(refused.value.messages["quantity"]) == 1
