"""The UI in a real browser: Debian's Chromium, headless, driven by Selenium (the
set-up is tests/browser_support.py)."""
from __future__ import annotations

from tests.browser_support import browser, chromium, needs_browser, server  # noqa: F401
from tests.fixtures import api_token

pytestmark = needs_browser


def test_browser_login_language_switch_and_menus_per_role(browser):
    browser.login("gz-manager")
    assert "/servicerequestview/list/" in browser.page
    assert "/sixs_score/" in browser.page
    # the flag menu of the navigation bar switches to Chinese for this user
    browser.click("//a[contains(@href, '/lang/zh_CN')]/ancestor::li[contains(@class, "
                  "'dropdown')]/a[contains(@class, 'dropdown-toggle')]")
    browser.click("//a[contains(@href, '/lang/zh_CN')]")
    browser.wait_for(lambda page: "售后服务" in page and "服务请求" in page, "Chinese menus")
    browser.click("//a[contains(@href, '/lang/en')]/ancestor::li[contains(@class, "
                  "'dropdown')]/a[contains(@class, 'dropdown-toggle')]")
    browser.click("//a[contains(@href, '/lang/en')]")
    browser.wait_for(lambda page: "Service requests" in page, "English menus")
    # a dealer works on service requests but sees nothing of 6S or penalties
    browser.login("dealer-a")
    assert "/servicerequestview/list/" in browser.page
    assert "/sixs_score/" not in browser.page
    assert "penalty" not in browser.page.lower()


def test_browser_transition_button_posts_with_its_csrf_token(browser, app, client):
    from addons.service_policy.tests.helpers import ids, new_request, show

    headers = api_token(client, "gz-manager")
    request_id = new_request(client, headers, ids(app)["customers"]["dealer-a"]["customer"])
    browser.login("gz-manager")
    browser.open(f"/servicerequestview/show/{request_id}")
    browser.confirm("Acknowledge")
    browser.wait_for(lambda page: "Done: Acknowledge." in page, "the transition's message")
    assert show(client, headers, "service_request", request_id)["state"] == "acknowledged"
    # the page now offers the next step, not the one just taken
    assert ">Acknowledge</button>" not in browser.page


def test_browser_site_admin_page_switches_an_addon(browser, restore_switches):
    browser.login("gz-root", password="root")
    browser.open("/fx_child/")
    assert "fx_child page" in browser.page
    browser.open("/site_addons/")
    browser.click("//div[contains(@class, 'panel')][.//strong[text()='gz']]"
                  "//tr[.//code[text()='fx_child']]//button[normalize-space()='Disable']")
    # disabling asks first, in the page's own dialog
    browser.click("//div[contains(@class, 'modal') and contains(@class, 'in')]"
                  "//button[contains(@class, 'erp-confirm-ok')]")
    browser.wait_for(lambda page: "Disabled fx_child on gz." in page, "the refusal or success")
    browser.open("/fx_child/")
    assert "fx_child page" not in browser.page  # 404 at the next request
    browser.open("/site_addons/")
    browser.click("//div[contains(@class, 'panel')][.//strong[text()='gz']]"
                  "//tr[.//code[text()='fx_child']]//button[normalize-space()='Enable']")
    browser.wait_for(lambda page: "Enabled on gz: fx_child." in page, "the addon back on")
    browser.open("/fx_child/")
    assert "fx_child page" in browser.page
