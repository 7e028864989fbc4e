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

from core import clock, sites
from core.extensions import db

from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

from .common import pdf

pytestmark = needs_browser


def show_lines(browser) -> None:
    """Scroll to the claim's lines, as a person does, so the screenshot shows them."""
    browser.element("//*[contains(@class, 'erp-expense-lines')]"
                    ).location_once_scrolled_into_view  # noqa: B018 - scrolls


def open_from_queue(person, username, view, claim_id, shots, mark, what) -> None:
    """``username`` logs in and opens the claim from the queue of ``view``."""
    person.login(username, chinese=True)
    person.open_menu(f"/{view}/list/")
    person.shot(f"{shots}-queue")
    person.click(f"//a[contains(@href, '/{view}/show/{claim_id}')]")
    person.wait_for(lambda page: mark in page, what)
    show_lines(person)


def confirm(person, button, mark, what, shot) -> None:
    """A transition's button, confirmed; the page it lands on shows ``mark``."""
    person.confirm(button)
    person.wait_for(lambda page: mark in page, what)
    person.shot(shot)


def add_line(person, claim_id, kind, day, city, amount, invoice, receipt, shot):
    person.click("//a[contains(@class, 'erp-add-line')]")
    person.wait_for(lambda page: "添加费用明细" in page, "the line form")
    assert person.form_field("claim").get_attribute("value") == str(claim_id)
    person.pick(person.form_field("kind"), text=kind)
    person.type(person.form_field("spent_on"), day)
    person.type(person.form_field("city"), city)
    person.type(person.form_field("amount"), amount)
    person.type(person.form_field("invoice_number"), invoice)
    line_id = person.save_new(f"{shot}-saved")
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
    person.open_menu("/expenseclaimview/list/")
    person.shot("phone-claims")
    person.click("//a[contains(@href, '/expenseclaimview/add')]")
    person.wait_for(lambda page: "填写差旅费报销单" in page, "the claim form")
    person.type(person.form_field("destination"), "佛山")
    person.type(person.form_field("trip_start"), first.isoformat())
    person.type(person.form_field("trip_end"), last.isoformat())
    person.type(person.form_field("purpose"), "佛山农场收割机维修")
    person.shot("phone-claim-typed")
    claim_id = person.save_new("phone-claim-saved")

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
    confirm(person, "提交", "已提交，待经理审批", "the submitted claim", "phone-submitted")

    person.driver.set_window_size(1280, 900)
    open_from_queue(person, "gz-manager", "expenseapprovalview", claim_id, "manager",
                    "票据开自韶关", "the flagged line and its reason")
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
    confirm(person, "批准", "完成", "the approval", "manager-approved")

    open_from_queue(person, "gz-finance", "expensefinanceview", claim_id, "finance",
                    "经理已特批", "the claim for finance")
    person.shot("finance-sees-the-lines")
    confirm(person, "财务审核通过", "财务已审核，待付款", "finance's approval", "finance-approved")
    confirm(person, "标记为已付款", "完成", "the payment", "finance-paid")

    from addons.travel_expense.models import ExpenseClaim

    with as_system(app):
        claim = db.session.get(ExpenseClaim, claim_id)
        assert claim.state == "paid"
        assert [line.reimbursable for line in claim.lines] == [True, True]
        assert {line.file_name for line in claim.lines} == {"韶关酒店发票.pdf", "高铁票.pdf"}
