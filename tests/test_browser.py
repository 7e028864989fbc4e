"""The UI in a real browser: Debian's Chromium, headless, driven by Selenium.

The app is served by a real HTTP server in a thread, as a second app instance on the
session's database, with CSRF on as in production — so each form posted here proves
its CSRF token, its session cookie and its redirect work together.  `make test`
installs chromium and chromium-driver when they are missing.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest

from tests.fixtures import api_token

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver (make test installs them)")


@pytest.fixture(scope="module")
def server(app, app_config):
    from werkzeug.serving import make_server

    from core import create_app

    web = create_app({**app_config, "TESTING": False, "WTF_CSRF_ENABLED": True})
    http = make_server("127.0.0.1", 0, web, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


@pytest.fixture(scope="module")
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


class Browser:
    def __init__(self, driver, base):
        self.driver, self.base = driver, base

    def open(self, path):
        self.driver.get(self.base + path)

    def login(self, username, password="demo"):
        from selenium.webdriver.common.by import By

        self.driver.delete_all_cookies()
        self.open("/login/")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        self.wait_for(lambda page: "/logout" in page, f"{username} to be logged in")

    def click(self, xpath):
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.XPATH, xpath).click()

    def wait_for(self, test, what, timeout=10):
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            lambda driver: test(driver.page_source),
            message=f"waited for {what} on {self.driver.current_url}")

    @property
    def page(self) -> str:
        return self.driver.page_source


@pytest.fixture
def browser(server, chromium):
    return Browser(chromium, server)


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
    browser.click("//form//button[normalize-space()='Acknowledge']")
    browser.wait_for(lambda page: "Done: Acknowledge." in page, "the transition's message")
    assert show(client, headers, "service_request", request_id)["state"] == "acknowledged"
    # the page now offers the next step, not the one just taken
    assert "Acknowledge</button>" not in browser.page


def test_browser_site_admin_page_switches_an_addon(browser, restore_switches):
    browser.login("gz-root", password="root")
    browser.open("/fx_child/")
    assert "fx_child page" in browser.page
    browser.open("/site_addons/")
    disable = ("//div[contains(@class, 'panel')][.//strong[text()='gz']]"
               "//tr[.//code[text()='fx_child']]//button[normalize-space()='Disable']")
    browser.click(disable)
    browser.wait_for(lambda page: "Disabled fx_child on gz." in page, "the refusal or success")
    browser.open("/fx_child/")
    assert "fx_child page" not in browser.page  # 404 at the next request
    browser.open("/site_addons/")
    browser.click(disable.replace("Disable", "Enable"))
    browser.wait_for(lambda page: "Enabled on gz: fx_child." in page, "the addon back on")
    browser.open("/fx_child/")
    assert "fx_child page" in browser.page
