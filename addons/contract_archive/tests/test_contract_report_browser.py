"""In Chromium, in Chinese, by clicking only: ``gz-finance`` opens the contract
reports from the menu, sees the site's three reports, picks one contract from the
list and reads its payment line, whose figures are the contract's payments added up;
a screenshot per step."""
from __future__ import annotations

import decimal

from sqlalchemy import func, select

from core import sites
from core.extensions import db
from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

from ..models import Contract, ContractPayment

pytestmark = needs_browser


def test_finance_picks_a_contract_and_reads_its_payment_summary(app, person):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with as_system(app):
        site_id = sites.get_site("gz").id
        contract, planned, paid, payments = db.session.execute(
            select(Contract, func.sum(ContractPayment.amount),
                   func.coalesce(func.sum(ContractPayment.paid_amount), 0),
                   func.count(ContractPayment.id))
            .join(ContractPayment, ContractPayment.contract_id == Contract.id)
            .where(Contract.site_id == site_id)
            .group_by(Contract.id).order_by(Contract.number)).first()
        number, title, amount = contract.number, contract.title, contract.amount
    money = "{:.2f}".format

    person.login("gz-finance", chinese=True)
    person.open_menu("/contract_report/")
    person.wait_for(lambda page: "合同支付汇总表" in page, "the contract reports")
    page = person.page
    assert "批准变更汇总表" in page and "合同支出预算表" in page
    assert "合计" in page  # the site's totals, per currency
    picker = person.element("//select[@name='contract_id']")
    assert Select(picker).first_selected_option.text == "本单位全部合同"
    person.shot("site-reports")

    person.pick(picker, text=f"{number} {title}")
    person.click("//form//button[@type='submit'][normalize-space()='查看']")
    person.wait_for(lambda page: f"合同报表: {number} {title}" in page, "the contract's reports")
    line = [cell.text for cell in person.driver.find_elements(
        By.XPATH, "//table[contains(@class,'erp-report-payments')]/tbody/tr[1]/td")]
    assert line[0] == number and line[1] == title
    # contract amount, payments planned, amount planned, paid, still to pay
    assert line[4:9] == [money(amount), str(payments), money(planned), money(paid),
                         money(decimal.Decimal(amount) - decimal.Decimal(paid))]
    download = person.element("//h4[contains(., '合同支付汇总表')]/a")
    assert download.text == "下载（XLSX）"
    assert f"contract_id={contract.id}" in download.get_attribute("href")
    person.shot("one-contract")
