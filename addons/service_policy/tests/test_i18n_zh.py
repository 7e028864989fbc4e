"""service_policy's own Chinese catalogue: complete, compiled and served.

The catalogue lives in ``addons/service_policy/i18n/zh`` (not ``zh_CN``): Flask-Babel
turns the UI locale ``zh_CN`` into ``Locale("zh_Hans_CN")`` and looks for the
directories ``zh_Hans_CN``, then ``zh``.  The host appends every addon's ``i18n``
folder to ``BABEL_TRANSLATION_DIRECTORIES``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import flask_babel
import pytest
from babel.messages.pofile import read_po

I18N = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")
ZH_PO = os.path.join(I18N, "zh", "LC_MESSAGES", "messages.po")
ZH_MO = os.path.join(I18N, "zh", "LC_MESSAGES", "messages.mo")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalog():
    with open(ZH_PO, "rb") as f:
        return read_po(f, locale="zh")


@pytest.fixture(scope="module")
def compiled():
    """``pybabel compile -d addons/service_policy/i18n`` (the .mo files are not in git)."""
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "compile", "-d", I18N],
        capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "fuzzy" not in output, output  # a fuzzy header makes compile skip it
    assert os.path.isfile(ZH_MO)
    return ZH_MO


def test_the_addon_catalogue_is_on_the_translation_path(app):
    directories = app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    assert os.path.realpath(I18N) in {os.path.realpath(d) for d in directories}


def test_chinese_is_served_for_zh_cn(compiled, app):
    with app.test_request_context("/?_l_=zh_CN"):
        # the session app may have cached the zh catalogue before it was compiled
        getattr(flask_babel.get_domain(), "cache", {}).clear()
        flask_babel.refresh()
        assert flask_babel.gettext("Service requests") == "服务请求"
        assert flask_babel.gettext(
            "Request %(number)s cannot be closed before the customer signs the "
            "service record.", number="GZ-1") == \
            "客户在售后服务报告单上签字前，服务请求 GZ-1 不能关闭。"
        assert flask_babel.gettext("Filed with QM") == "报质管部备案"


def test_every_message_is_translated_and_none_is_fuzzy():
    catalog = _catalog()
    assert not catalog.fuzzy  # the header: compile would skip the whole catalogue
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_are_kept():
    for message in _catalog():
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.string)) == \
                sorted(PLACEHOLDER.findall(message.id)), message.id


def test_request_pages_show_codes_by_their_chinese_names(compiled, app, client):
    from tests.fixtures import login

    with app.test_request_context("/"):
        getattr(flask_babel.get_domain(), "cache", {}).clear()
    login(client, "gz-manager")
    client.get("/lang/zh_CN")
    try:
        html = client.get("/servicerequestview/list/?psize_ServiceRequestView=100") \
            .get_data(as_text=True)
    finally:
        client.get("/lang/en")
    assert "服务请求" in html and "List Service Request" not in html
    # the demo has requests in every state, in and out of warranty
    for name in ("已受理", "已关闭", "三包期内", "三包期外", "一般", "质量"):
        assert name in html, name
    assert ">acknowledged<" not in html.replace(" ", "").replace("\n", "")
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", html)  # times to the minute
