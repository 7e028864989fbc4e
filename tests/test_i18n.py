"""The translation catalogues: compiled, complete, and used by the app.

No database is touched: the app is built on an in-memory SQLite URI and only
``gettext`` is called inside request contexts.
"""
from __future__ import annotations

import gettext as stdlib_gettext
import os
import re
import subprocess
import sys

import flask_appbuilder
import flask_babel
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(ROOT, "i18n")
# Flask-Babel turns the UI locale "zh_CN" into Locale("zh_Hans_CN") and looks for
# the directories zh_Hans_CN then zh: our Chinese catalogue lives in i18n/zh.
ZH_PO = os.path.join(I18N, "zh", "LC_MESSAGES", "messages.po")
EN_PO = os.path.join(I18N, "en", "LC_MESSAGES", "messages.po")
FAB_MISSING_PO = os.path.join(I18N, "fab_zh_missing.po")
FAB_DIR = os.path.dirname(flask_appbuilder.__file__)
FAB_ZH_MO = os.path.join(FAB_DIR, "translations", "zh", "LC_MESSAGES", "messages.mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _read(path):
    with open(path, "rb") as f:
        return read_po(f)


def _key(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid


@pytest.fixture(scope="module")
def compiled():
    """What `make i18n` runs: every catalogue compiled (the app reads the .mo files)."""
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", "i18n"],
        cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "fuzzy" not in output, output  # a fuzzy header makes compile skip it
    for locale in ("zh", "en"):
        assert os.path.isfile(os.path.join(I18N, locale, "LC_MESSAGES", "messages.mo"))
    # the addons' own catalogues too, before the app caches any translation
    for folder in sorted(os.listdir(os.path.join(ROOT, "addons"))):
        catalogue = os.path.join(ROOT, "addons", folder, "i18n")
        if os.path.isdir(catalogue):
            subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q",
                            "compile", "-d", catalogue], check=True)
    return output


@pytest.fixture(scope="module")
def app(compiled):
    from core import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True,
                       "WTF_CSRF_ENABLED": False})


def _translate(app, locale, msgids):
    with app.test_request_context(f"/?_l_={locale}"):
        return {msgid: flask_babel.gettext(msgid) for msgid in msgids}


def test_fab_gaps_are_chinese(app):
    got = _translate(app, "zh_CN", ["Add", "Edit", "Delete", "Show",
                                    "Are you sure you want to delete this item?"])
    assert got == {"Add": "添加", "Edit": "编辑", "Delete": "删除", "Show": "查看",
                   "Are you sure you want to delete this item?": "确定要删除这条记录吗？"}


def test_every_fab_gap_entry_is_served(app):
    fab = {m.id: m.string for m in _read(FAB_MISSING_PO) if m.id}
    assert len(fab) >= 24
    assert _translate(app, "zh_CN", list(fab)) == fab


def test_fab_own_chinese_still_served(app):
    got = _translate(app, "zh_CN", ["Security", "List Users", "Save"])
    assert got == {"Security": "用户权限", "List Users": "用户列表", "Save": "保存"}


def test_own_strings_are_chinese(app):
    got = _translate(app, "zh_CN", ["Addons per site", "Sites", "Dealers", "Enable",
                                    "Disable"])
    assert got == {"Addons per site": "站点模块", "Sites": "站点", "Dealers": "经销商",
                   "Enable": "启用", "Disable": "停用"}
    with app.test_request_context("/?_l_=zh_CN"):
        message = flask_babel.gettext("Disabled %(addon)s on %(site)s.",
                                      addon="warranty", site="SH")
    assert message == "已在站点 SH 停用 warranty。"


def test_english_is_english(app):
    msgids = ["Add", "Edit", "Delete", "Addons per site", "Sites", "Security"]
    assert _translate(app, "en", msgids) == {msgid: msgid for msgid in msgids}


def test_default_locale_is_chinese(app):
    with app.test_request_context("/"):
        assert flask_babel.gettext("Add") == "添加"


def test_zh_catalogue_is_fully_translated():
    catalog = _read(ZH_PO)
    assert not catalog.fuzzy
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    # a Chinese translation contains Chinese (OpenID and the like excepted)
    latin_only = [m.id for m in catalog if m.id and not CJK.search(str(m.string))]
    assert latin_only == ["OpenID"]


def test_catalogues_cover_the_template():
    template = {_key(m.id) for m in _read(os.path.join(I18N, "messages.pot")) if m.id}
    for path in (ZH_PO, EN_PO):
        assert template <= {_key(m.id) for m in _read(path) if m.id}, path
    assert "Addons per site" in template


def test_fab_block_is_merged_into_zh():
    zh = {m.id: m.string for m in _read(ZH_PO) if m.id}
    for message in _read(FAB_MISSING_PO):
        if message.id:
            assert zh.get(message.id) == message.string, message.id


def test_fab_missing_covers_every_fab_gap():
    """Every string FAB extracts but its zh .mo lacks is in fab_zh_missing.po."""
    keywords = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None,
                "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    fab_ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            FAB_DIR, method_map, keywords=keywords):
        fab_ids.add(_key(message))
    with open(FAB_ZH_MO, "rb") as f:
        fab_zh = stdlib_gettext.GNUTranslations(f)
    fab_translated = {_key(key) for key, value in fab_zh._catalog.items() if key and value}
    gaps = {msgid for msgid in fab_ids if msgid and msgid not in fab_translated}
    ours = {m.id for m in _read(FAB_MISSING_PO) if m.id and m.string}
    assert {"Add", "Edit", "Delete"} <= gaps
    assert gaps - ours == set()



def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_transition_button_of_an_addon_is_chinese(app):
    """Transition labels are plain strings shown through ``_()`` by the host's
    templates, so no extractor finds them: each addon must carry them in its
    catalogue by hand, and this walk makes sure none is forgotten."""
    from core.workflow import Workflow

    labels = {(model.__name__, transition.label or transition.name)
              for model in _subclasses(Workflow) if model.__module__.startswith("addons.")
              for transition in model.__transitions__}
    assert len(labels) >= 15
    with app.test_request_context("/?_l_=zh_CN"):
        untranslated = sorted((model, label) for model, label in labels
                              if not CJK.search(flask_babel.gettext(label)))
    assert untranslated == []


def test_every_page_of_an_addon_has_a_chinese_title(app):
    """FAB makes titles such as "List Service Request" from class names, which no
    catalogue can translate: an addon's model views name their pages themselves."""
    from flask_appbuilder import ModelView

    views = [view for view in app.appbuilder.baseviews
             if isinstance(view, ModelView) and type(view).__module__.startswith("addons.")]
    assert len(views) >= 15
    with app.test_request_context("/?_l_=zh_CN"):
        untitled = sorted(
            f"{type(view).__name__}.{kind}" for view in views
            for kind in ("list_title", "show_title")
            if not CJK.search(str(getattr(view, kind))))
    assert untitled == []


KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "N_": None}
METHODS = [("**/tests/**", "ignore"), ("tests/**", "ignore"), ("**.py", "python"),
           ("**/templates/**.html", "jinja2")]


def _messages_of(folder):
    return {_key(message) for _file, _line, message, _comments, _context in
            extract_from_dir(folder, METHODS, {"**/templates/**.html": {"encoding": "utf-8"}},
                             KEYWORDS)}


@pytest.mark.parametrize("code, catalogue", [
    (("core", "config"), "i18n"),
    *((("addons/" + name,), f"addons/{name}/i18n")
      for name in sorted(os.listdir(os.path.join(ROOT, "addons")))
      if os.path.isdir(os.path.join(ROOT, "addons", name, "i18n")))])
def test_every_message_in_the_code_has_its_chinese(code, catalogue):
    """Read from the code itself, not from a .pot that may be stale.  A common word
    may come from the host's catalogue or FAB's: the app merges them all."""
    messages = set().union(*(_messages_of(os.path.join(ROOT, folder)) for folder in code))
    translated = {_key(m.id) for path in {ZH_PO, os.path.join(
        ROOT, catalogue, "zh", "LC_MESSAGES", "messages.po")} for m in _read(path)
        if m.id and m.string}
    with open(FAB_ZH_MO, "rb") as f:
        translated |= {_key(key) for key, value in
                       stdlib_gettext.GNUTranslations(f)._catalog.items() if key and value}
    assert len(messages) > 10
    assert sorted(messages - translated) == []


def test_every_audited_record_type_has_a_chinese_name(app):
    """The audit trail names each record type it lists: a view's title, or the
    model's own ``__label__`` when it has no page (an SLA escalation)."""
    from flask_appbuilder import Model

    from core.audit import _audited
    from core.mixins import SiteScoped
    from core.names import model_name

    tables = {mapper.class_.__tablename__ for mapper in Model.registry.mappers
              if mapper.class_.__module__.startswith(("core.", "addons."))  # not fixtures
              and issubclass(mapper.class_, SiteScoped)
              and _audited(mapper.class_.__new__(mapper.class_))}
    assert "service_escalation" in tables
    with app.test_request_context(), flask_babel.force_locale("zh_CN"):
        unnamed = {table for table in tables
                   if not re.search(r"[\u4e00-\u9fff]", model_name(table))}
    assert unnamed == set()
