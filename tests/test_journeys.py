"""Our users' journeys (issue 10) in Chromium, in Chinese, by clicking, picking and
typing only, with a screenshot of each step in the test's output folder (tmp_path):

2. ``dealer-a`` files a complaint (not a consultation) picking channel, category and
   severity by name; ``gz-manager`` dispatches ``gz-tech1`` from it at a local time;
3. ``gz-hr`` changes one verified penalty with a reason and approves another, each
   time landing on the queue with a success message; ``gz-tech1`` sees them final;
4. ``gz-tech1`` on a phone opens today's dispatch and reports arrival and departure
   with two taps each.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.extensions import db
from core.models import ErpUser

from .browser_support import chromium, needs_browser, person, server  # noqa: F401
from .fixtures import api_token, as_system

pytestmark = needs_browser
SHANGHAI = ZoneInfo("Asia/Shanghai")


def options(browser, name) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    return [option.text.strip() for option in
            Select(browser.driver.find_element(By.ID, name)).options]


def label_of(app, username) -> str:
    with as_system(app):
        return str(db.session.execute(select(ErpUser).where(
            ErpUser.username == username)).scalar_one())


def test_journey_2_dealer_files_a_complaint_and_the_manager_dispatches_it(app, person):
    from selenium.webdriver.common.by import By

    from addons.service_policy.models import (Customer, ProductUnit, ServiceDispatch,
                                              ServiceRequest)
    from core.models import Dealer

    with as_system(app):
        dealers = {d.code: d.id for d in db.session.query(Dealer).all()}
        customers = {code: [c.name for c in db.session.query(Customer).filter_by(
            dealer_id=dealer_id).order_by(Customer.id)] for code, dealer_id in dealers.items()}
        foreign_units = [str(u) for u in db.session.query(ProductUnit).join(Customer).filter(
            Customer.dealer_id == dealers["dealer-b"])]
    customer = customers["dealer-a"][0]

    person.login("dealer-a", chinese=True)
    person.shot("dealer-home")
    person.new_record_form("servicerequestview", "服务请求", "新建服务请求")
    for name in ("customer", "unit"):
        offered = options(person, name)
        assert not set(offered) & set(customers["dealer-b"] + foreign_units), name
    person.pick(person.element("//select[@id='channel']"), text="信函")
    person.pick(person.element("//select[@id='category']"), text="非质量")
    person.pick(person.element("//select[@id='severity']"), text="重要")
    assert not person.element("//input[@id='consultation']").is_selected()
    person.pick(person.element("//select[@id='customer']"), text=customer)
    person.type(person.element("//textarea[@id='description'] | //input[@id='description']"),
                "旅程二：客户投诉驾驶室异响。")
    person.shot("dealer-form-filled")
    request_id = person.save_new("dealer-request-saved")
    with as_system(app):
        request = db.session.get(ServiceRequest, request_id)
        number = request.number
        assert (request.channel, request.category, request.severity, request.consultation) \
            == ("letter", "non_quality", "important", False)
        assert request.dealer_id == dealers["dealer-a"]
    person.open_menu("/servicerequestview/list/")
    person.wait_for(lambda page: number in page, "the request in the dealer's list")
    person.shot("dealer-list")

    person.login("gz-manager", chinese=True)
    person.open_menu("/servicerequestview/list/")
    person.click(f"//a[contains(@href, '/servicerequestview/show/{request_id}')]")
    person.wait_for(lambda page: number in page, "the request")
    person.shot("manager-request")
    person.confirm("受理")
    person.wait_for(lambda page: "已完成" in page and "受理" in page, "the acknowledgement")
    person.shot("manager-acknowledged")
    person.click("//div[contains(@class, 'erp-transitions')]//a[normalize-space()='派工…']")
    person.wait_for(lambda page: "model_form" in page, "the dispatch form")
    chosen = person.element("//select[@id='request']/option[@selected]")
    assert chosen.get_attribute("value") == str(request_id)
    technicians = options(person, "technician")
    assert label_of(app, "gz-tech1") in technicians
    for other in ("gz-hr", "gz-finance", "dealer-a", "gz-manager"):
        assert label_of(app, other) not in technicians
    person.pick(person.element("//select[@id='technician']"), text=label_of(app, "gz-tech1"))
    tomorrow = (datetime.datetime.now(SHANGHAI) + datetime.timedelta(days=1)).date()
    agreed = person.element("//input[@id='agreed_on_site_at']")
    person.type(agreed, f"{tomorrow.isoformat()} 09:30")
    person.shot("manager-dispatch-form")
    dispatch_id = person.save_new("manager-dispatched")
    with as_system(app):
        dispatch = db.session.get(ServiceDispatch, dispatch_id)
        assert dispatch.request_id == request_id
        assert dispatch.technician.username == "gz-tech1"
        assert dispatch.agreed_on_site_at == datetime.datetime.combine(
            tomorrow, datetime.time(1, 30))  # 09:30 in Shanghai is 01:30 UTC
        assert db.session.get(ServiceRequest, request_id).state == "dispatched"
    assert person.driver.find_elements(By.XPATH, "//*[contains(text(), '09:30')]")


def _verified_record(client, app, code):
    from addons.technician_penalty.tests.common import act, propose

    manager = api_token(client, "gz-manager")
    with as_system(app):
        technician = db.session.execute(select(ErpUser.id).where(
            ErpUser.username == "gz-tech1")).scalar_one()
    record_id = propose(client, manager, technician, code, app,
                        evidence=f"旅程三：{code}")
    assert act(client, manager, record_id, "verify").status_code == 200
    return record_id


def test_journey_3_hr_changes_and_approves_and_the_technician_sees_it(app, client, person):
    from addons.technician_penalty.models import PenaltyRecord

    changed = _verified_record(client, app, "P-LATE")
    approved = _verified_record(client, app, "P-LATE")
    person.login("gz-hr", chinese=True)
    person.shot("hr-home")
    person.open_menu("/penaltyreviewview/list/")
    person.wait_for(lambda page: "待人事审核" in page, "the review queue")
    person.shot("hr-queue")
    person.click(f"//a[contains(@href, '/penaltyreviewview/show/{changed}')]")
    person.click("//div[contains(@class, 'erp-transitions')]//a[normalize-space()='变更处理…']")
    person.wait_for(lambda page: 'name="reason"' in page, "the decision form")
    sanction = person.element("//select[@id='sanction']")
    assert sanction.find_element("xpath", "./option[@selected]") is not None  # pre-filled
    person.pick(sanction, text="罚款")
    person.type(person.element("//input[@id='amount']"), "20")
    person.type(person.element("//textarea[@id='reason']"), "迟到情有可原，减半处罚。")
    person.shot("hr-change-form")
    person.click("//form//button[@type='submit']")
    person.wait_for(lambda page: "已完成" in page, "the decision's message")
    assert person.driver.current_url.endswith("/penaltyreviewview/list/")
    person.shot("hr-changed-back-on-queue")
    person.click(f"//a[contains(@href, '/penaltyreviewview/show/{approved}')]")
    person.confirm("批准")
    person.wait_for(lambda page: "已完成" in page and "批准" in page, "the approval")
    assert person.driver.current_url.endswith("/penaltyreviewview/list/")
    assert f"/penaltyreviewview/show/{approved}" not in person.page  # left the queue
    person.shot("hr-approved-back-on-queue")
    with as_system(app):
        first = db.session.get(PenaltyRecord, changed)
        second = db.session.get(PenaltyRecord, approved)
        assert (first.state, first.final_sanction, first.final_amount) == \
            ("final", "fine", 20)
        assert first.decision_reason == "迟到情有可原，减半处罚。"
        assert second.state == "final"

    person.login("gz-tech1", chinese=True)
    person.open_menu("/penaltyrecordview/list/")
    person.click(f"//a[contains(@href, '/penaltyrecordview/show/{changed}')]")
    person.wait_for(lambda page: "迟到情有可原，减半处罚。" in page, "the final record")
    person.shot("technician-sees-final-record")


def test_journey_4_technician_reports_arrival_and_departure_on_a_phone(app, client, person):
    from addons.service_policy.models import ServiceDispatch
    from addons.service_policy.tests.helpers import ids, new_request

    info = ids(app)
    manager = api_token(client, "gz-manager")
    request_id = new_request(client, manager, info["customers"]["dealer-a"]["customer"])
    client.post(f"/api/v1/service_request/{request_id}/acknowledge", headers=manager)
    in_an_hour = (datetime.datetime.now(datetime.timezone.utc)
                  + datetime.timedelta(hours=1)).replace(tzinfo=None, microsecond=0)
    response = client.post("/api/v1/service_dispatch/", headers=manager, json={
        "request": request_id, "technician": info["users"]["gz-tech1"],
        "agreed_on_site_at": in_an_hour.isoformat()})
    assert response.status_code == 201, response.json
    dispatch_id = response.json["id"]

    person.login("gz-tech1", chinese=True)
    person.driver.set_window_size(390, 844)
    person.shot("phone-home")
    person.open_menu("/servicedispatchview/list/")
    person.shot("phone-dispatches")
    person.click(f"//a[contains(@href, '/servicedispatchview/show/{dispatch_id}')]")
    person.wait_for(lambda page: "到达" in page, "today's dispatch")
    person.shot("phone-dispatch")
    person.confirm("到达")  # two taps: the button, then the confirmation
    person.wait_for(lambda page: "已完成" in page and "到达" in page, "the arrival")
    person.shot("phone-arrived")
    person.confirm("离开")
    person.wait_for(lambda page: "已完成" in page and "离开" in page, "the departure")
    person.shot("phone-left")
    with as_system(app):
        dispatch = db.session.get(ServiceDispatch, dispatch_id)
        assert dispatch.state == "left"
        assert dispatch.arrived_at is not None and dispatch.departed_at >= dispatch.arrived_at
