"""The forms of core/forms.py through the pages, as the browser posts them (issue 10):
Booleans never required, local times to the minute, coded fields as names, relation
choices the action allows, refusals on the form with what was typed, landings."""
from __future__ import annotations

import datetime
import json
import re

from sqlalchemy import select

from core.extensions import db

from .fixtures import api_token, as_system, login


def _request_ids(app):
    from addons.service_policy.tests.helpers import ids

    return ids(app)


def _stored(app, model, row_id):
    with as_system(app):
        row = db.session.get(model, row_id)
        return {column.name: getattr(row, column.name) for column in model.__table__.columns}


def _new_id(response) -> int:
    return int(re.search(r"/show/(\d+)$", response.headers["Location"]).group(1))


def test_unticked_boolean_saves_false_and_lands_on_the_record(app, client):
    from addons.service_policy.models import ServiceRequest

    customer = _request_ids(app)["customers"]["dealer-a"]["customer"]
    login(client, "dealer-a")
    page = client.get("/servicerequestview/add").get_data(as_text=True)
    # consultation is a plain box, not a required one; no FAB "__None" anywhere
    assert re.search(r'<input[^>]*name="consultation"[^>]*>', page)
    assert "required" not in re.search(r'<input[^>]*name="consultation"[^>]*>', page).group(0)
    assert "__None" not in page
    response = client.post("/servicerequestview/add", data={
        "channel": "letter", "category": "non_quality", "severity": "important",
        "customer": str(customer), "unit": "", "description": "Noise from the gearbox."})
    assert response.status_code == 302
    assert "/servicerequestview/show/" in response.headers["Location"]
    stored = _stored(app, ServiceRequest, _new_id(response))
    assert stored["consultation"] is False
    assert (stored["channel"], stored["category"], stored["severity"]) == \
        ("letter", "non_quality", "important")
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added Row" in landed


def test_coded_fields_are_selects_of_names_in_forms_and_filters(app, client):
    login(client, "dealer-a")
    page = client.get("/servicerequestview/add").get_data(as_text=True)
    channel = re.search(r'<select[^>]*name="channel".*?</select>', page, re.S).group(0)
    assert '<option selected value="phone">Phone</option>' in channel
    assert '<option value="letter">Letter</option>' in channel
    listing = client.get("/servicerequestview/list/").get_data(as_text=True)
    # the filter of the state offers the names and sends the code (FAB's search
    # widget gets its fields' HTML as the JSON arguments of AdminFilters)
    arguments = listing.split("new AdminFilters(", 1)[1].split(");", 1)[0]
    fields = json.loads(arguments.strip().splitlines()[2].strip().rstrip(","))
    assert '<option value="new">New</option>' in fields["state"]
    assert "<select" in fields["severity"] and ">Major</option>" in fields["severity"]
    filtered = client.get("/servicerequestview/list/?_flt_0_state=new")
    assert filtered.status_code == 200


def _acknowledged_request_as_manager(app, client) -> int:
    """A new request of dealer-a's customer, acknowledged; ``client`` logged in as
    gz-manager."""
    from addons.service_policy.tests.helpers import new_request

    info = _request_ids(app)
    manager = api_token(app.test_client(), "gz-manager")
    api = app.test_client()
    request_id = new_request(api, manager, info["customers"]["dealer-a"]["customer"])
    api.post(f"/api/v1/service_request/{request_id}/acknowledge", headers=manager)
    login(client, "gz-manager")
    return request_id


def test_a_typed_local_time_is_stored_in_utc_and_the_default_is_local(app, client):
    from addons.service_policy.models import ServiceDispatch, ServiceRequest

    request_id = _acknowledged_request_as_manager(app, client)
    info = _request_ids(app)
    page = client.get(f"/servicedispatchview/add?request={request_id}").get_data(as_text=True)
    chosen = re.search(r'<select[^>]*name="request".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option selected value="{request_id}">', chosen)
    # only technicians are offered: HR, finance and dealers are not
    technicians = re.search(r'<select[^>]*name="technician".*?</select>', page, re.S).group(0)
    assert f'value="{info["users"]["gz-tech1"]}"' in technicians
    for other in ("gz-hr", "gz-finance", "dealer-a", "gz-manager"):
        assert f'value="{info["users"][other]}"' not in technicians
    with as_system(app):
        closed = db.session.execute(select(ServiceRequest.id).where(
            ServiceRequest.state.in_(("resolved", "closed")))).scalars().all()
    assert closed, "the demo has closed requests"
    for closed_id in closed:
        assert f'value="{closed_id}"' not in chosen
    response = client.post("/servicedispatchview/add", data={
        "request": str(request_id), "technician": str(info["users"]["gz-tech1"]),
        "agreed_on_site_at": "2026-12-02 09:30"})
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = _stored(app, ServiceDispatch, _new_id(response))
    # Asia/Shanghai is UTC+8
    assert stored["agreed_on_site_at"] == datetime.datetime(2026, 12, 2, 1, 30)
    edit = client.get(f"/servicedispatchview/edit/{_new_id(response)}").get_data(as_text=True)
    assert 'value="2026-12-02 09:30"' in edit


def test_a_service_record_is_written_for_dispatched_requests_still_open(app, client):
    from addons.service_policy.models import ServiceDispatch, ServiceRequest

    login(client, "gz-manager")
    page = client.get("/servicerecordview/add").get_data(as_text=True)
    offered = set(map(int, re.findall(r'<option[^>]*value="(\d+)"', re.search(
        r'<select[^>]*name="request".*?</select>', page, re.S).group(0))))
    with as_system(app):
        dispatched = set(db.session.execute(select(ServiceDispatch.request_id)).scalars())
        states = {row.id: row.state for row in db.session.execute(
            select(ServiceRequest.id, ServiceRequest.state))}
    assert offered, "the demo has dispatched requests still open"
    assert offered <= dispatched
    assert all(states[request_id] != "closed" for request_id in offered)
    closed = {request_id for request_id in dispatched if states.get(request_id) == "closed"}
    assert closed, "the demo has closed requests that were visited"
    assert not offered & closed
    never_dispatched = {request_id for request_id, state in states.items()
                        if request_id not in dispatched and state == "new"}
    assert never_dispatched and not offered & never_dispatched


def test_a_form_accepts_its_own_default_time(app, client):
    from addons.inspection_6s.models import SixsInspection

    login(client, "gz-manager")
    page = client.get("/sixsinspectionview/add").get_data(as_text=True)
    default = re.search(r'name="inspected_at"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*'
                        r'name="inspected_at"', page)
    shown = default.group(1) or default.group(2)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown)  # to the minute, no seconds
    response = client.post("/sixsinspectionview/add", data={
        "inspected_at": shown, "area": "", "mode": "static", "note": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = _stored(app, SixsInspection, _new_id(response))
    typed = datetime.datetime.strptime(shown, "%Y-%m-%d %H:%M")
    assert stored["inspected_at"] == typed - datetime.timedelta(hours=8)


def test_a_refusal_is_shown_on_the_form_with_what_was_typed(app, client):
    customer = _request_ids(app)["customers"]["dealer-a"]["customer"]
    login(client, "dealer-a")
    response = client.post("/servicerequestview/add", data={
        "channel": "phone", "category": "quality", "severity": "general",
        "customer": str(customer), "description": "Seven out of five are broken.",
        "quantity": "5", "defective_quantity": "7"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the form again, not a redirect
    assert "7 defective out of 5 is impossible." in page
    assert "{'" not in page  # never a raw dict
    assert "Seven out of five are broken." in page
    assert re.search(r'name="defective_quantity"[^>]*value="7"|value="7"[^>]*'
                     r'name="defective_quantity"', page)


def test_a_typed_time_that_is_not_one_says_how_to_type_it(app, client):
    login(client, "gz-manager")
    response = client.post("/sixsinspectionview/add", data={
        "inspected_at": "2.12.2026 9 Uhr", "mode": "static"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Type the date and time as 2026-12-02 09:30" in page
    assert 'value="2.12.2026 9 Uhr"' in page


def test_the_dispatch_button_of_a_request_opens_a_new_dispatch_of_it(app, client):
    request_id = _acknowledged_request_as_manager(app, client)
    page = client.get(f"/servicerequestview/show/{request_id}").get_data(as_text=True)
    assert f'href="/servicedispatchview/add?request={request_id}"' in page


def _verified_for_hr(app, client, technician) -> int:
    """A late arrival of a new ``technician`` proposed and verified by the manager;
    ``client`` logged in as HR, who decides it next."""
    from addons.technician_penalty.tests.common import act, make_person, propose

    manager_api = api_token(client, "gz-manager")
    record_id = propose(client, manager_api, make_person(app, technician), "P-LATE", app)
    act(client, manager_api, record_id, "verify")
    login(client, "gz-hr")
    return record_id


def test_after_an_approval_hr_lands_on_the_queue_the_record_left(app, client):
    record_id = _verified_for_hr(app, client, "forms-landing-tech")
    done = client.post(f"/penaltyreviewview/transition/{record_id}/hr_approve",
                       data={"version": "2"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/penaltyreviewview/list/")
    queue = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Done: Approve." in queue


def test_a_decision_form_is_prefilled_keeps_the_reason_and_has_a_way_back(app, client):
    record_id = _verified_for_hr(app, client, "forms-change-tech")
    form = client.get(f"/penaltyreviewview/transition/{record_id}/hr_change")
    page = form.get_data(as_text=True)
    assert re.search(r"<option value=\"\w+\" selected>", page)  # the proposed sanction
    assert f'href="/penaltyreviewview/show/{record_id}"' in page
    refused = client.post(f"/penaltyreviewview/transition/{record_id}/hr_change",
                          data={"version": "2", "sanction": "fine", "amount": "-5",
                                "quantity": "1", "reason": "Only half of it was late."})
    assert refused.status_code in (409, 422)
    assert "Only half of it was late." in refused.get_data(as_text=True)


def test_a_unit_follows_the_chosen_customer(app, client):
    """Each unit option names its customer; the page's script offers only the units of
    the customer chosen (walked in Chromium by the form walk)."""
    from addons.service_policy.models import ProductUnit

    login(client, "dealer-a")
    page = client.get("/servicerequestview/add").get_data(as_text=True)
    units = re.search(r'<select[^>]*name="unit".*?</select>', page, re.S).group(0)
    assert 'data-depends-on="customer"' in units
    pairs = re.findall(r'<option data-parent="(\d*)" value="(\d+)"', units)
    assert len(pairs) >= 2
    with as_system(app):
        for parent, unit_id in pairs:
            customer_id = db.session.get(ProductUnit, int(unit_id)).customer_id
            assert parent == ("" if customer_id is None else str(customer_id))
