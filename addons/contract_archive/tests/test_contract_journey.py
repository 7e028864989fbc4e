"""In Chromium, in Chinese, by clicking and typing only, a screenshot per step:
``hq-manager`` creates a contract, uploads 合同正文.pdf, uploads it again (version 2)
and downloads version 1 with its Chinese name intact; ``dealer-a`` sees the
contracts where dealer-a is a party, and no other."""
from __future__ import annotations

import datetime
import os
import re
import time

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.browser_support import Browser, chromium, needs_browser, server  # noqa: F401
from tests.fixtures import as_system

from ..demo import pdf_bytes
from ..models import Contract, ContractDocument
from .common import dealer_id

pytestmark = needs_browser
NAME = "合同正文.pdf"


@pytest.fixture
def person(server, chromium, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chromium.execute_cdp_cmd("Page.setDownloadBehavior",
                             {"behavior": "allow", "downloadPath": str(downloads)})
    browser = Browser(chromium, server, shots=str(tmp_path))
    browser.downloads = downloads
    return browser


def pdf_file(folder, text) -> tuple[str, bytes]:
    os.makedirs(folder, exist_ok=True)
    content = pdf_bytes(text)
    path = os.path.join(folder, NAME)
    with open(path, "wb") as file:
        file.write(content)
    return path, content


def test_manager_keeps_two_versions_and_downloads_the_first_with_its_chinese_name(
        app, person, tmp_path):
    number = f"HT-HQ-J{int(time.time())}"
    first, first_bytes = pdf_file(tmp_path / "v1", "first signed copy")
    second, second_bytes = pdf_file(tmp_path / "v2", "second signed copy")

    person.login("hq-manager", chinese=True)
    person.new_record_form("contractview", "合同", "新建合同", shot="contracts")
    person.type(person.element("//input[@id='number']"), number)
    person.type(person.element("//input[@id='title']"), "旅程五：总部空调维保合同")
    person.type(person.element("//input[@id='counterparty']"), "珠江设施服务有限公司")
    person.type(person.element("//input[@id='amount']"), "50000.00")
    person.pick(person.element("//select[@id='currency']"), text="人民币（CNY）")
    today = datetime.date.today()
    person.type(person.element("//input[@id='start_date']"), today.isoformat())
    person.type(person.element("//input[@id='end_date']"),
                (today + datetime.timedelta(days=365)).isoformat())
    person.type(person.element("//textarea[@id='work_content']"), "空调机组季度保养。")
    person.shot("contract-form")
    contract_id = person.save_new("contract-saved")

    person.pick(person.element("//select[@id='upload-kind']"), text="正式合同文件")
    person.element("//input[@id='upload-file']").send_keys(first)
    person.shot("upload-chosen")
    person.click("//button[@id='upload-submit']")
    person.wait_for(lambda page: "已保存为第 1 版" in page, "version 1 stored")
    person.shot("version-1")

    person.element("//input[@id='version-file']").send_keys(second)
    person.click("//button[@id='version-submit']")
    person.wait_for(lambda page: "已保存为第 2 版" in page, "version 2 stored")
    person.shot("version-2")
    with as_system(app):
        document = db.session.execute(select(ContractDocument).where(
            ContractDocument.contract_id == contract_id)).scalar_one()
        assert (document.kind, document.name, document.latest_version) == (
            "contract", NAME, 2)
        assert [v.file_name for v in document.versions] == [NAME, NAME]

    person.click("//a[normalize-space()='下载第 1 版']")
    target = person.downloads / NAME
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    person.shot("downloaded")
    assert sorted(os.listdir(person.downloads)) == [NAME]
    assert target.read_bytes() == first_bytes != second_bytes


def test_dealer_sees_the_contracts_where_it_is_a_party_and_no_other(app, person):
    a = dealer_id(app, "dealer-a")
    with as_system(app):
        contracts = db.session.execute(select(Contract)).scalars().all()
        mine = {c.number for c in contracts if a in c.party_dealer_ids}
        others = {c.number for c in contracts if a not in c.party_dealer_ids}
    assert mine and others
    person.login("dealer-a", chinese=True)
    person.open_menu("/contractview/list/")
    person.wait_for(lambda page: "合同" in page, "the dealer's contracts")
    person.shot("dealer-contracts")
    shown = set(re.findall(r"HT-[A-Z]+-[0-9A-Z]+|T-\d{4}", person.page))
    assert shown == mine  # fewer than a page: every one of them, and no other
    assert not shown & others
