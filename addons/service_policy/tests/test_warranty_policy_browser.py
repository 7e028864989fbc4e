"""A warranty policy added from its page in Chromium, in Chinese, typing as a person
does: the site admin types a warranty of 0 months and is told on the form that a
warranty lasts from 1 to 120 months (nothing is stored), then types 24 and saves."""
from __future__ import annotations

from core.extensions import db

from tests.browser_support import chromium, needs_browser, person, server  # noqa: F401
from tests.fixtures import as_system

from ..models import WarrantyPolicy

pytestmark = needs_browser
LINE = "浙江-收割机"


def policies_of_the_line(app) -> list[int]:
    with as_system(app):
        return [policy.months for policy in
                db.session.query(WarrantyPolicy).filter_by(product_line=LINE)]


def test_a_site_admin_is_told_how_long_a_warranty_may_last_and_saves_one(app, person):
    person.login("gz-admin", chinese=True)
    person.new_record_form("warrantypolicyview", "三包政策", "新增三包政策", shot="policies")
    person.type(person.form_field("product_line"), LINE)
    person.type(person.form_field("name"), "收割机两年三包")
    person.type(person.form_field("months"), "0")
    person.click("//form[@id='model_form']//button[@type='submit']")
    person.wait_for(lambda page: "三包期为 1 至 120 个月。" in page, "the refusal on the form")
    person.shot("months-refused")
    assert policies_of_the_line(app) == []

    person.type(person.form_field("months"), "24")
    person.save_new("policy-saved")
    assert LINE in person.page
    assert policies_of_the_line(app) == [24]
