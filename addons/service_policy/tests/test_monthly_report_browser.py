"""In Chromium, in Chinese, by clicking and typing only: ``gz-manager`` opens the
month's service statistics from the menu, picks a month, sees the charts, and
downloads the XLSX with a progress bar while it is produced; a screenshot per step."""
from __future__ import annotations

from core import clock, sites
from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

pytestmark = needs_browser


def test_manager_opens_the_monthly_statistics_and_downloads_the_xlsx(app, person):
    from selenium.webdriver.common.by import By

    with as_system(app):
        month = clock.this_month(sites.get_site("gz").id)
    person.login("gz-manager", chinese=True)
    person.shot("logged-in")
    person.open_menu("/monthly_statistics/")
    person.wait_for(lambda page: "月度售后服务统计" in page, "the statistics page")
    person.shot("statistics-page")

    box = person.element("//form//input[@name='month']")
    person.type(box, month)
    person.click("//form//button[@type='submit'][normalize-space()='查看']")
    person.wait_for(lambda page: f"月度售后服务统计 — {month}" in page, "the month asked")
    page = person.page
    assert "派人（人次）" in page and "售后总费用（元）" in page
    assert "按类别统计的请求" in page and "满意度调查" in page
    charts = person.driver.find_elements(By.CSS_SELECTOR, "svg.monthly-chart")
    assert len(charts) >= 4
    person.shot("charts")

    progress = person.element("//div[@id='monthly-xlsx-progress']")
    assert not progress.is_displayed()
    person.click("//button[@id='monthly-xlsx']")
    assert progress.is_displayed()  # shown from the click, while it is produced
    person.shot("producing")
    person.wait_for(lambda page: "完成：工作簿已下载。" in page, "the workbook", timeout=30)
    bar = person.element("//div[@id='monthly-xlsx-progress']/div[contains(@class,'progress-bar')]")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert "progress-bar-success" in bar.get_attribute("class")
    person.shot("downloaded")
