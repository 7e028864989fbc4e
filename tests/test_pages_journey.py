"""Journey 1 of issue 10, in Chinese, clicking only, a screenshot per step:
``admin`` enables an addon for ``hq`` on the addon page, and its menu appears for
``hq-manager`` without a restart; disabling it hides the menu, and its page
answers the 404 page in the layout.

Runs in one pass of `make test` only (a browser walk): skipped on the PostgreSQL pass.
"""
from __future__ import annotations


from .browser_support import Browser, chromium, needs_browser, server  # noqa: F401

pytestmark = needs_browser
ADDON = "technician_penalty"
MENU_LINK = "//ul[contains(@class, 'navbar-nav')]//a[contains(@href, '/penaltyrecordview/list/')]"


class Journey(Browser):
    """A person in Chromium: types, picks and clicks; a screenshot after each step."""

    def __init__(self, driver, base, folder):
        super().__init__(driver, base)
        self.folder, self.step = folder, 0

    def shot(self, name):
        self.step += 1
        self.driver.save_screenshot(str(self.folder / f"{self.step:02d}-{name}.png"))

    def login_in_chinese(self, username, password="demo"):
        from selenium.webdriver.common.by import By

        self.driver.delete_all_cookies()
        self.open("/")
        self.menu("//a[contains(@href, '/lang/zh_CN')]")
        self.click("//a[contains(@class, 'btn')][normalize-space()='登录']")
        self.wait_for(lambda page: "用户名" in page, "the login page in Chinese")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        self.wait_for(lambda page: "/logout" in page, f"{username} to be logged in")
        self.wait_for(lambda page: "我的工作" in page, "the home page in Chinese")
        self.shot(f"{username}-home")

    def menu(self, link_xpath):
        """Open the dropdown that holds the link, then click the link."""
        self.click(f"{link_xpath}/ancestor::li[contains(@class, 'dropdown')]"
                   "/a[contains(@class, 'dropdown-toggle')]")
        self.click(link_xpath)

    def has(self, xpath) -> bool:
        from selenium.webdriver.common.by import By

        self.driver.implicitly_wait(0)
        try:
            return bool(self.driver.find_elements(By.XPATH, xpath))
        finally:
            self.driver.implicitly_wait(5)

    def switch_addon(self, verb_zh, message):
        self.menu("//a[@href='/site_addons/']")
        self.wait_for(lambda page: "站点模块" in page, "the addons page")
        self.shot("addons-page")
        self.click(f"//div[contains(@class, 'panel')][.//strong[text()='hq']]"
                   f"//tr[.//code[text()='{ADDON}']]//button[normalize-space()='{verb_zh}']")
        if verb_zh == "停用":  # disabling asks first, in the page's own dialog
            self.shot("addon-confirm")
            self.click("//div[contains(@class, 'modal') and contains(@class, 'in')]"
                       "//button[contains(@class, 'erp-confirm-ok')]")
        self.wait_for(lambda page: message in page, message)
        self.shot(f"addon-{verb_zh}")


def test_admin_enables_an_addon_for_hq_and_hq_manager_sees_it_at_once(
        server, chromium, tmp_path, restore_switches):  # noqa: F811
    person = Journey(chromium, server, tmp_path)
    person.login_in_chinese("hq-manager")
    assert not person.has(MENU_LINK)  # not enabled on hq yet

    person.login_in_chinese("admin", "admin")
    person.switch_addon("启用", f"已在站点 hq 启用：{ADDON}。")

    person.login_in_chinese("hq-manager")
    assert person.has(MENU_LINK)  # no restart: the next request sees it
    person.menu(MENU_LINK)
    person.wait_for(lambda page: "奖惩记录" in page and "导出为 Excel" in page,
                    "the penalty records list")
    page_url = person.driver.current_url
    person.shot("penalty-records-of-hq")

    person.login_in_chinese("admin", "admin")
    person.switch_addon("停用", f"已在站点 hq 停用 {ADDON}。")

    person.login_in_chinese("hq-manager")
    assert not person.has(MENU_LINK)
    person.driver.get(page_url)  # the page kept from before: a bookmark
    person.wait_for(lambda page: 'data-code="404"' in page, "the 404 page")
    page = person.page
    assert "未找到" in page and "页面或记录不存在" in page and "/logout" in page
    person.shot("penalty-records-404")
    person.click("//a[contains(@class, 'btn')][normalize-space()='首页']")
    person.wait_for(lambda page: "我的工作" in page, "the way home")
    person.shot("back-home")
    assert len(list(tmp_path.glob("*.png"))) == person.step
