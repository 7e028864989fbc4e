"""A claim's journey in Chromium, in Chinese, by clicking, picking and typing only,
with a screenshot of each step in the test's output folder (tmp_path):

``gz-tech1`` on a phone (390×844) files a claim for a trip, adds two lines, picks a
receipt file for each (``send_keys`` to the file input is how a person picks one),
sees each line's checks before submitting, and submits; ``gz-manager`` opens it from
the manager's queue, sees the flagged line with its reason, overrides the city
mismatch (the form asks why) and approves; ``gz-finance`` approves and pays it from
finance's queue.
"""
from __future__ import annotations

import datetime
import re

import pytest

from core import clock, sites
from core.extensions import db

from tests.browser_support import Browser, chromium, needs_browser, server  # noqa: F401
from tests.fixtures import as_system

from .common import pdf

pytestmark = needs_browser


@pytest.fixture
def person(server, chromium, tmp_path):
    chromium.set_window_size(1280, 900)
    yield Browser(chromium, server, shots=str(tmp_path))
    chromium.set_window_size(1280, 900)


def menu(browser, href):
    """A menu item, as a person opens it (the collapsed bar's button first on a phone)."""
    from selenium.webdriver.common.by import By

    toggles = [t for t in browser.driver.find_elements(By.CSS_SELECTOR, "button.navbar-toggle")
               if t.is_displayed()]
    if toggles:
        toggles[0].click()
    browser.click(f"//a[contains(@href, '{href}')]/ancestor::li[contains(@class, 'dropdown')]"
                  "/a[contains(@class, 'dropdown-toggle')]")
    browser.click(f"//a[contains(@href, '{href}')]")


def field(browser, name):
    return browser.element(f"//form[@id='model_form']//*[@name='{name}']")


def show_lines(browser) -> None:
    """Scroll to the claim's lines, as a person does, so the screenshot shows them."""
    browser.element("//*[contains(@class, 'erp-expense-lines')]"
                    ).location_once_scrolled_into_view  # noqa: B018 - scrolls


def save(browser, shot) -> int:
    browser.click("//form[@id='model_form']//button[@type='submit']")
    browser.wait_for(lambda page: "记录已添加" in page, "the saved record")
    browser.shot(shot)
    return int(re.search(r"/show/(\d+)", browser.driver.current_url).group(1))


def add_line(person, claim_id, kind, day, city, amount, invoice, receipt, shot):
    person.click("//a[contains(@class, 'erp-add-line')]")
    person.wait_for(lambda page: "添加费用明细" in page, "the line form")
    assert field(person, "claim").get_attribute("value") == str(claim_id)
    person.pick(field(person, "kind"), text=kind)
    person.type(field(person, "spent_on"), day)
    person.type(field(person, "city"), city)
    person.type(field(person, "amount"), amount)
    person.type(field(person, "invoice_number"), invoice)
    line_id = save(person, f"{shot}-saved")
    assert "缺少票据" in person.page  # the receipt is not there yet
    person.element("//input[@id='receipt-file']").send_keys(str(receipt))
    person.shot(f"{shot}-receipt-picked")
    person.click("//form[contains(@class, 'erp-receipt-form')]//button[@type='submit']")
    person.wait_for(lambda page: "已保存" in page and receipt.name in page, "the receipt")
    assert "缺少票据" not in person.page
    person.shot(f"{shot}-receipt-stored")
    person.click("//a[contains(@href, '/expenseclaimview/show/')]")
    person.wait_for(lambda page: "费用明细及检查结果" in page, "the claim")
    return line_id


def test_a_technician_files_on_a_phone_and_manager_and_finance_approve(app, person,
                                                                       tmp_path):
    with as_system(app):
        today = clock.today(sites.get_site("gz").id)
    first, last = today - datetime.timedelta(days=12), today - datetime.timedelta(days=10)
    hotel, ticket = tmp_path / "韶关酒店发票.pdf", tmp_path / "高铁票.pdf"
    hotel.write_bytes(pdf())
    ticket.write_bytes(pdf())

    person.login("gz-tech1", chinese=True)
    person.driver.set_window_size(390, 844)
    person.shot("phone-home")
    menu(person, "/expenseclaimview/list/")
    person.shot("phone-claims")
    person.click("//a[contains(@href, '/expenseclaimview/add')]")
    person.wait_for(lambda page: "填写差旅费报销单" in page, "the claim form")
    person.type(field(person, "destination"), "佛山")
    person.type(field(person, "trip_start"), first.isoformat())
    person.type(field(person, "trip_end"), last.isoformat())
    person.type(field(person, "purpose"), "佛山农场收割机维修")
    person.shot("phone-claim-typed")
    claim_id = save(person, "phone-claim-saved")

    add_line(person, claim_id, "住宿费", first.isoformat(), "韶关", "280.00", "44990001",
             hotel, "phone-hotel")
    add_line(person, claim_id, "交通费", first.isoformat(), "佛山", "35.50", "44990002",
             ticket, "phone-ticket")
    # every line's checks, before submitting: the hotel is in another city
    page = person.page
    assert "票据城市与出差地不符" in page and "票据开自韶关，与出差地佛山不符" in page
    assert page.count("未发现问题") == 1  # the ticket
    show_lines(person)
    person.shot("phone-claim-with-flags")
    person.confirm("提交")
    person.wait_for(lambda page: "已提交，待经理审批" in page, "the submitted claim")
    person.shot("phone-submitted")

    person.driver.set_window_size(1280, 900)
    person.login("gz-manager", chinese=True)
    menu(person, "/expenseapprovalview/list/")
    person.shot("manager-queue")
    person.click(f"//a[contains(@href, '/expenseapprovalview/show/{claim_id}')]")
    person.wait_for(lambda page: "票据开自韶关" in page, "the flagged line and its reason")
    show_lines(person)
    person.shot("manager-sees-flag")
    person.click("//a[contains(@class, 'erp-override')]")
    person.wait_for(lambda page: "为何报销这张票据" in page, "the override form")
    person.shot("manager-override-asks-why")
    person.type(person.element("//textarea[@id='reason']"), "佛山酒店客满，客户安排入住韶关")
    person.click("//form//button[@type='submit']")
    person.wait_for(lambda page: "城市不符已特批" in page, "the override")
    assert "经理已特批：佛山酒店客满，客户安排入住韶关" in person.page
    show_lines(person)
    person.shot("manager-overridden")
    person.confirm("批准")
    person.wait_for(lambda page: "完成" in page, "the approval")
    person.shot("manager-approved")

    person.login("gz-finance", chinese=True)
    menu(person, "/expensefinanceview/list/")
    person.shot("finance-queue")
    person.click(f"//a[contains(@href, '/expensefinanceview/show/{claim_id}')]")
    person.wait_for(lambda page: "经理已特批" in page, "the claim for finance")
    show_lines(person)
    person.shot("finance-sees-the-lines")
    person.confirm("财务审核通过")
    person.wait_for(lambda page: "财务已审核，待付款" in page, "finance's approval")
    person.shot("finance-approved")
    person.confirm("标记为已付款")
    person.wait_for(lambda page: "完成" in page, "the payment")
    person.shot("finance-paid")

    from addons.travel_expense.models import ExpenseClaim

    with as_system(app):
        claim = db.session.get(ExpenseClaim, claim_id)
        assert claim.state == "paid"
        assert [line.reimbursable for line in claim.lines] == [True, True]
        assert {line.file_name for line in claim.lines} == {"韶关酒店发票.pdf", "高铁票.pdf"}
