"""The Chinese demo (the default deployment, BABEL_DEFAULT_LOCALE=zh_CN) holds
Chinese names and texts: customers, descriptions, people, penalty texts, 6S notes.
The test suite's own demo is English (BABEL_DEFAULT_LOCALE=en)."""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import select

from core.context import system_context

CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("ERP_TEST_DATABASE_URL")),
    reason="a demo load of its own on SQLite: run in the SQLite pass only")


@pytest.fixture(scope="module")
def chinese_demo(app_config, tmp_path_factory):
    from core import create_app, migrate
    from core.demo import load

    folder = tmp_path_factory.mktemp("zh-demo")
    app = create_app(dict(app_config, BABEL_DEFAULT_LOCALE="zh_CN", ADDONS_PATHS=[],
                          SQLALCHEMY_DATABASE_URI="sqlite:///" + str(folder / "erp.db"),
                          STORAGE_DIR=str(folder / "files")))
    from core.extensions import db

    with app.app_context(), system_context(None):
        migrate.upgrade(app)
        load(app)
        db.session.commit()
    return app


def _all(app, column):
    from core.extensions import db

    with app.app_context(), system_context(None):
        return [value for value in db.session.execute(select(column)).scalars() if value]


def test_the_chinese_demo_speaks_chinese(chinese_demo):
    from addons.service_policy.models import Customer, ServiceRequest
    from addons.technician_penalty.models import PenaltyRecord
    from core.models import Dealer, ErpUser, Site

    for column in (Site.name, Dealer.name, Dealer.region, Customer.name, Customer.region,
                   ServiceRequest.description, PenaltyRecord.evidence,
                   PenaltyRecord.decision_reason, ErpUser.first_name, ErpUser.last_name):
        values = _all(chinese_demo, column)
        assert values, str(column)
        english = [value for value in values if not CJK.search(value)]
        assert english == [], str(column)


def test_the_chinese_demo_home_shows_chinese_people_and_customers(chinese_demo):
    from .fixtures import login

    client = login(chinese_demo.test_client(), "gz-manager")
    body = client.get("/").get_data(as_text=True)
    assert "我的工作" in body and "王建国农机合作社" in body
    assert "刘 强" in body  # the navbar names the user
    assert "demo:technician_penalty" not in client.get(
        "/penaltyrecordview/show/1").get_data(as_text=True)
