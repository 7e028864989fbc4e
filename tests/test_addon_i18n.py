"""Addons bring their own translations; the UI switches language."""
import os
import subprocess
import sys

from .fixtures import FIXTURE_ADDONS, in_chinese, in_one_pass, login

pytestmark = in_one_pass


def test_an_addon_ships_its_own_catalogue(app):
    """fx_base's i18n/ folder is merged with the host's: its menu label and its
    messages come out in Chinese."""

    folder = os.path.join(FIXTURE_ADDONS, "fx_base", "i18n")
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "compile",
                    "-d", folder], check=True)
    with in_chinese(app):
        from flask_babel import gettext

        assert gettext("Fixture notes") == "测试便签"
        assert gettext("Ticket %(title)s has no amount.", title="T-1") == "工单 T-1 没有金额。"
        assert gettext("Add") != "Add"  # the host's catalogue is still there


def test_the_ui_offers_a_language_switch(client):
    login(client, "dealer-a")  # the Fixture notes menu is the Dealer role's
    page = client.get("/fxnoteview/list/").get_data(as_text=True)
    assert "/lang/zh_CN" in page  # the navbar offers the languages not in use
    client.get("/lang/zh_CN")
    page = client.get("/fxnoteview/list/").get_data(as_text=True)
    assert "/lang/en" in page and "测试便签" in page
