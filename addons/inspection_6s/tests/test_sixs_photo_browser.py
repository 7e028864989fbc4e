"""A 6S violation's photo, stored from its page in Chromium, in Chinese, by picking a
file and clicking (``send_keys`` to the file input is how a person picks one):

the site's service manager opens the violation from the 6S menu, picks a photo and
stores it (the page says so and offers it for download); then picks a file of a type
a photo may not be and is told so, the stored photo staying as it was.
"""
from __future__ import annotations

import datetime

from core.extensions import db
from core.models import utcnow

from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

from ..models import SixsViolation
from .helpers import make_site, violations

pytestmark = needs_browser

PDF = (b"%PDF-1.4\n% 6S photo\n1 0 obj << /Type /Catalog >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def stored_file_name(app, site_id, violation_id):
    with as_system(app, site_id):
        return db.session.get(SixsViolation, violation_id).file_name


def test_a_manager_stores_a_violations_photo_from_its_page(app, person, tmp_path):
    site = make_site(app)
    [violation_id] = violations(app, site.id, site.people[0],
                                [utcnow() - datetime.timedelta(hours=1)])
    photo, text = tmp_path / "工位照片.pdf", tmp_path / "说明.txt"
    photo.write_bytes(PDF)
    text.write_text("不是照片", encoding="utf-8")

    person.login(f"{site.code}-manager", chinese=True)
    person.open_menu("/sixsviolationview/list/")
    person.wait_for(lambda page: "6S 违规" in page, "the list of violations")
    person.shot("violations")
    person.click(f"//a[contains(@href, '/sixsviolationview/show/{violation_id}')]")
    person.wait_for(lambda page: "保存照片" in page, "the violation's page")
    assert "下载照片" not in person.page  # no photo yet

    person.element("//input[@type='file' and @name='file']").send_keys(str(photo))
    person.click("//button[normalize-space()='保存照片']")
    person.wait_for(lambda page: "照片 工位照片.pdf 已保存。" in page, "the stored photo")
    person.shot("photo-stored")
    assert "下载照片" in person.page
    assert stored_file_name(app, site.id, violation_id) == "工位照片.pdf"

    person.element("//input[@type='file' and @name='file']").send_keys(str(text))
    person.click("//button[normalize-space()='保存照片']")
    person.wait_for(lambda page: "说明.txt 不是允许的文件类型" in page, "the refusal")
    person.shot("text-refused")
    assert stored_file_name(app, site.id, violation_id) == "工位照片.pdf"
