"""In Chromium, in Chinese, by clicking, picking and typing only (a screenshot per step
in the test's output folder): ``gz-qa`` receives the parts returned from a service
record against its list — one pump short, which is recorded with the reason — stores
them in the nonconforming area, identifies each part's supplier from its marking,
prints the return notice for purchasing and sends it."""
from __future__ import annotations

from core.extensions import db
from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

from .test_warranty_return import record_with_parts

pytestmark = needs_browser


def step_link(person, title):
    person.click(f"//div[contains(@class, 'erp-transitions')]//a[normalize-space()='{title}…']")


def test_quality_receives_identifies_and_prints_the_return_notice(app, person):
    from addons.service_policy.models import ServiceRecord, WarrantyReturn

    record_id = record_with_parts(app)
    with as_system(app):
        record_label = str(db.session.get(ServiceRecord, record_id))

    person.login("gz-qa", chinese=True)
    person.new_record_form("warrantyreturnview", "三包件退回", "登记退回零件", shot="returns-list")
    person.pick(person.element("//select[@id='record']"), text=record_label)
    person.shot("return-form")
    return_id = person.save_new("return-registered")
    assert "待清点" in person.page and "HYD-PUMP-01" in person.page
    assert "BOLT-M8" not in person.page  # not tagged for return

    with as_system(app):
        pump, seal = (line.id for line in db.session.get(WarrantyReturn, return_id).lines)
    step_link(person, "接收清点")
    person.wait_for(lambda page: "清点数量" in page, "the count form")
    person.type(person.element(f"//input[@id='count_{pump}']"), "1")
    person.type(person.element(f"//input[@id='count_{seal}']"), "1")
    # first without a word about the missing pump: refused, with what was typed kept
    person.click("//form//button[@type='submit']")
    person.wait_for(lambda page: "请说明差异及原因" in page, "the refusal")
    person.shot("count-differs-refused")
    assert person.element(f"//input[@id='count_{pump}']").get_attribute("value") == "1"
    person.type(person.element("//textarea[@id='reason']"), "液压泵少一件，经销商称另一件在途")
    person.shot("count-with-reason")
    person.click("//form//button[@type='submit']")
    person.wait_for(lambda page: "已完成" in page and "已清点" in page, "the counted return")
    assert "液压泵少一件，经销商称另一件在途" in person.page
    assert person.element("//table[contains(@class, 'erp-return-lines')]//tr[td='HYD-PUMP-01']"
                          "/td[5]").text == "-1"
    person.shot("counted")

    person.confirm("存放不合格品区")
    person.wait_for(lambda page: "已存放不合格品区" in page, "the stored return")
    person.shot("stored")

    step_link(person, "鉴定供方")
    person.wait_for(lambda page: "供方" in page and f"supplier_{pump}" in page,
                    "the supplier form")
    person.type(person.element(f"//input[@id='supplier_{pump}']"), "江苏恒力液压有限公司")
    person.type(person.element(f"//input[@id='marking_{pump}']"), "HL-2026-09")
    person.type(person.element(f"//input[@id='supplier_{seal}']"), "宁波密封件厂")
    person.shot("suppliers-typed")
    person.click("//form//button[@type='submit']")
    person.wait_for(lambda page: "供方已鉴定" in page, "the identified return")
    person.shot("identified")

    person.click("//a[contains(@href, '/warrantyreturnview/notice/')]")
    person.wait_for(lambda page: "三包不合格品清退通知" in page, "the return notice")
    page = person.page
    assert "江苏恒力液压有限公司" in page and "宁波密封件厂" in page
    assert "HL-2026-09" in page and "不合格品区" in page
    person.shot("return-notice")
    person.click("//a[normalize-space()='返回']")
    person.wait_for(lambda page: "供方已鉴定" in page, "the return again")
    person.confirm("发出清退通知（交采购部）")
    person.wait_for(lambda page: "清退通知已发出" in page, "the notice sent")
    person.shot("notice-sent")
    with as_system(app):
        returned = db.session.get(WarrantyReturn, return_id)
        assert returned.state == "notified" and returned.count_differs is True
        assert [(line.listed_quantity, line.received_quantity, line.supplier)
                for line in returned.lines] == [(2, 1, "江苏恒力液压有限公司"),
                                                (1, 1, "宁波密封件厂")]
        assert returned.identified_by.username == "gz-qa"
