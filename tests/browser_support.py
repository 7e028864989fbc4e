"""What the browser tests share: the app served over HTTP, headless Chromium, and a
person's moves (log in, open, click, type, pick, tick, wait) in one small class.

The app is served by a real HTTP server in a thread, as a second app instance on the
session's database, with CSRF on as in production — so each form posted proves its
CSRF token, its session cookie and its redirect work together.  `make test` installs
chromium and chromium-driver when they are missing.  Browser tests run in the SQLite
pass of `make test` only (they test the pages, not the database).
"""
from __future__ import annotations

import os
import re
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

needs_browser = [
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
        reason="needs Debian's chromium and chromium-driver (make test installs them)"),
    pytest.mark.skipif(
        bool(os.environ.get("ERP_TEST_DATABASE_URL")),
        reason="browser tests run once, in the SQLite pass of make test"),
]


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
    def __init__(self, driver, base, shots=None):
        self.driver, self.base, self.shots, self.step = driver, base, shots, 0

    def open(self, path):
        self.driver.get(self.base + path)

    def login(self, username, password="demo", chinese=False):
        from selenium.webdriver.common.by import By

        self.driver.delete_all_cookies()
        self.open("/login/")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        self.wait_for(lambda page: "/logout" in page, f"{username} to be logged in")
        if chinese:
            self.chinese()

    def chinese(self):
        """The navigation bar's language menu, as a person switches it."""
        self.click("//a[contains(@href, '/lang/zh_CN')]/ancestor::li[contains(@class, "
                   "'dropdown')]/a[contains(@class, 'dropdown-toggle')]")
        self.click("//a[contains(@href, '/lang/zh_CN')]")
        self.wait_for(lambda page: "售后服务" in page or "退出" in page, "Chinese pages")

    def element(self, xpath):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.XPATH, xpath)

    def form_field(self, name):
        """A field of the page's model form, by its name."""
        return self.element(f"//form[@id='model_form']//*[@name='{name}']")

    def open_menu(self, href):
        """Open a menu item as a person does: its dropdown first (the collapsed
        navigation bar's button first on a phone)."""
        from selenium.webdriver.common.by import By

        toggles = [t for t in self.driver.find_elements(By.CSS_SELECTOR, "button.navbar-toggle")
                   if t.is_displayed()]
        if toggles:
            toggles[0].click()
        self.click(f"//a[contains(@href, '{href}')]/ancestor::li[contains(@class, 'dropdown')]"
                   "/a[contains(@class, 'dropdown-toggle')]")
        self.click(f"//a[contains(@href, '{href}')]")

    def new_record_form(self, view, listed, form, shot=None):
        """From the menu to the list of ``view`` (the page shows ``listed``), then its
        New button to the form (the page shows ``form``)."""
        self.open_menu(f"/{view}/list/")
        self.wait_for(lambda page: listed in page, f"the list of {view}")
        if shot:
            self.shot(shot)
        self.click(f"//a[contains(@href, '/{view}/add')]")
        self.wait_for(lambda page: form in page, f"the new {view} form")

    def save_new(self, shot) -> int:
        """Click Save on a new record's form; the id of the record landed on."""
        self.click("//form[@id='model_form']//button[@type='submit']")
        self.wait_for(lambda page: "记录已添加" in page, "the saved record")
        self.shot(shot)
        return int(re.search(r"/show/(\d+)", self.driver.current_url).group(1))

    def click(self, xpath):
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait
        from selenium.webdriver.common.by import By

        element = WebDriverWait(self.driver, 10).until(
            expected_conditions.element_to_be_clickable((By.XPATH, xpath)),
            message=f"waited for {xpath} to be clickable on {self.driver.current_url}")
        element.click()

    def type(self, element, text):
        """Select what the box holds and type over it, as a person does."""
        from selenium.webdriver.common.keys import Keys

        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(Keys.DELETE)
        if text:
            element.send_keys(text)

    def pick(self, element, text=None, value=None):
        from selenium.webdriver.support.ui import Select

        if text is not None:
            Select(element).select_by_visible_text(text)
        else:
            Select(element).select_by_value(value)

    def confirm(self, button_text):
        """A button that asks first: click it, then the modal's confirm button."""
        self.click(f"//button[@data-toggle='modal'][normalize-space()='{button_text}']")
        self.click("//div[contains(@class, 'modal') and contains(@class, 'in')]"
                   "//button[contains(@class, 'erp-confirm-ok')]")

    def wait_for(self, test, what, timeout=10):
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            lambda driver: test(driver.page_source),
            message=f"waited for {what} on {self.driver.current_url}")

    def shot(self, name):
        """A screenshot of this step, numbered, in the test's output folder."""
        if self.shots is None:
            return
        self.step += 1
        self.driver.save_screenshot(os.path.join(self.shots, f"{self.step:02d}-{name}.png"))

    @property
    def page(self) -> str:
        return self.driver.page_source


@pytest.fixture
def browser(server, chromium):
    return Browser(chromium, server)


@pytest.fixture
def person(server, chromium, tmp_path):
    """A journey's person: a screenshot of each step in the test's output folder, on
    a desktop-sized window (again after a test that turned it into a phone)."""
    chromium.set_window_size(1280, 900)
    yield Browser(chromium, server, shots=str(tmp_path))
    chromium.set_window_size(1280, 900)
