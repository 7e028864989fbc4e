"""Every page a demo role reaches from its menu, walked in Chinese, shows no English
of ours: no msgid of our catalogues (or FAB's) left untranslated, no column name FAB
made up from a code (``Last Visit On``), no raw code (``hr_approve``,
``verified→final``), no ``True``/``None``/``__None``, no ``[Technician]``.

Generated: it knows no page by name.  From each menu item it also opens the first
record's page and the add form, as a person would.  The demo data of the test run
is English (BABEL_DEFAULT_LOCALE=en), so data is not what is flagged: only text the
product itself writes.
"""
from __future__ import annotations

import gettext as stdlib_gettext
import json
import os
import re
from html.parser import HTMLParser

import flask_appbuilder
import pytest
from babel.messages.pofile import read_po
from flask_appbuilder import ModelView

from .fixtures import in_one_pass, login

pytestmark = in_one_pass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = [("admin", "admin"), ("gz-admin", "demo"), ("gz-manager", "demo"), ("gz-qa", "demo"),
         ("gz-hr", "demo"), ("gz-finance", "demo"), ("gz-tech1", "demo"),
         ("dealer-a", "demo"), ("hq-manager", "demo")]
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")  # hr_approve, non_quality
STATE_MOVE = re.compile(r"^[a-z_]+\s*→\s*[a-z_]+$")  # verified→final
ROLE_LIST = re.compile(r"^\[[A-Z][A-Za-z ,']*\]$")  # [Technician]
FAB_TITLE = re.compile(r"^(?:List|Show|Add|Edit) [A-Z][a-z]+(?: [A-Z][a-z]+)*$")
# "__None" (the empty choice of a relation dropdown) is the forms' work (issue 10,
# helper "forms"): add it here once their dropdowns have landed
RAW_VALUES = {"True", "False", "None"}
# FAB's own security pages for the system admin, whose entries are identifiers:
# permission and view names (can_list, ServiceRequestView) and role definitions
TECHNICAL_PAGES = ("/roles/", "/groups/", "/permissions/", "/permissionviews/",
                   "/viewmenus/", "/userstatschartview/")
# the options of these selects are role and group names, which are data
DATA_SELECTS = {"roles", "groups"}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# short words that are also data or markup often: flagged only through the other rules
TOO_SHORT = 2


class Texts(HTMLParser):
    """The text a person reads: text nodes, tooltips, option labels, button values."""

    def __init__(self):
        super().__init__()
        self.texts, self.skip, self.links = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "code"):  # <code>: technical names, as typed
            self.skip += 1
        if tag == "select" and attrs.get("name") in DATA_SELECTS:
            self.skip += 1
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "select") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _msgids(path):
    with open(path, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0]
                for m in read_po(handle) if m.id and m.string}


@pytest.fixture(scope="module")
def english(app):
    """The English the product writes: our msgids and FAB's, and the names FAB makes
    up from column codes."""
    words = set()
    catalogues = [os.path.join(ROOT, "i18n", "zh", "LC_MESSAGES", "messages.po")]
    for folder in os.listdir(os.path.join(ROOT, "addons")):
        catalogue = os.path.join(ROOT, "addons", folder, "i18n", "zh", "LC_MESSAGES",
                                 "messages.po")
        if os.path.exists(catalogue):
            catalogues.append(catalogue)
    for catalogue in catalogues:
        words |= _msgids(catalogue)
    fab_mo = os.path.join(os.path.dirname(flask_appbuilder.__file__), "translations", "zh",
                          "LC_MESSAGES", "messages.mo")
    with open(fab_mo, "rb") as handle:
        words |= {key if isinstance(key, str) else key[0] for key, value in
                  stdlib_gettext.GNUTranslations(handle)._catalog.items() if key and value}
    for addon in app.extensions["erp_addons"].values():
        if not os.path.abspath(addon.path).startswith(os.path.join(ROOT, "tests")):
            words.add(addon.summary)
    for view in app.appbuilder.baseviews:
        if isinstance(view, ModelView):
            for column in set(view.list_columns) | set(view.show_columns):
                words.add(view._prettify_column(column))
    return {word for word in words if len(word) > TOO_SHORT and "%" not in word
            and re.search("[A-Za-z]", word)}


def filter_labels(body: str) -> list[str]:
    """The search's column names, which FAB hands to its script as JSON."""
    match = re.search(r"new AdminFilters\(\s*'#filter_form',\s*(\{.*?\}),", body, re.S)
    return list(json.loads(match.group(1)).values()) if match else []


def problems_of(body: str, english: set[str]) -> set[str]:
    # the navbar's right side holds the user's own name (data) and FAB's Profile/Logout
    right = body.find('<ul class="nav navbar-nav navbar-right">')
    if right != -1:
        body = body[:right] + body[body.find("</header>", right):]
    parser = Texts()
    parser.feed(body)
    found = set()
    for text in parser.texts + filter_labels(body):
        if (text in english or text in RAW_VALUES or CODE.match(text)
                or STATE_MOVE.match(text) or ROLE_LIST.match(text) or FAB_TITLE.match(text)):
            found.add(text)
    return found


def menu_links(body: str) -> list[str]:
    """The hrefs of the navbar's menu (left side), in order, once each."""
    start = body.find('<ul class="nav navbar-nav">')
    end = body.find('<ul class="nav navbar-nav navbar-right">')
    links = re.findall(r'href="(/[^"#]*)"', body[start:end])
    return list(dict.fromkeys(link for link in links if not link.startswith("/lang/")))


def reached_from(body: str, base: str) -> list[str]:
    """From a list page: its first record, the add form and the first edit form."""
    found = []
    for kind in ("show", "add", "edit"):
        match = re.search(r'href="(%s/%s[^"]*)"' % (re.escape(base), kind), body)
        if match:
            found.append(match.group(1).replace("&amp;", "&"))
    return found


def _fixture_views(app):
    """Views of the fixture addons (tests/): test scaffolding, not the product."""
    fixtures = {addon.name for addon in app.extensions["erp_addons"].values()
                if os.path.abspath(addon.path).startswith(os.path.join(ROOT, "tests"))}
    owner = app.extensions["erp_addon_map"].by_blueprint
    return [view for view in app.appbuilder.baseviews
            if getattr(view, "blueprint", None) is not None
            and owner.get(view.blueprint.name) in fixtures]


@pytest.fixture(scope="module")
def test_only_routes(app):
    return tuple(view.route_base for view in _fixture_views(app) if view.route_base)


@pytest.fixture(scope="module")
def test_only_names(app):
    """What the audit trail calls the fixture addons' rows (other tests write them)."""
    with app.test_request_context("/?_l_=zh_CN"):
        names = set()
        for view in _fixture_views(app):
            model = getattr(getattr(view, "datamodel", None), "obj", None)
            if model is not None:
                names |= {str(getattr(view, "show_title", "")),
                          getattr(model, "__tablename__", "")}
        # models the tests declare themselves (tests/, the fixture addons)
        from flask_appbuilder import Model

        modules = ("tests.",) + tuple(
            addon.module + "." for addon in app.extensions["erp_addons"].values()
            if os.path.abspath(addon.path).startswith(os.path.join(ROOT, "tests")))
        names |= {mapper.class_.__tablename__ for mapper in Model.registry.mappers
                  if mapper.class_.__module__.startswith(modules)}
        return names


@pytest.mark.parametrize("username, password", ROLES)
def test_every_page_of_a_role_in_chinese_shows_no_english_of_ours(
        app, english, test_only_routes, test_only_names, username, password):
    client = login(app.test_client(), username, password)
    client.get("/lang/zh_CN")
    home = client.get("/")
    assert home.status_code == 200
    pages = {"/": home.get_data(as_text=True)}
    queue = menu_links(pages["/"])
    assert queue, username
    while queue:
        url = queue.pop(0)
        if url in pages or url.startswith(test_only_routes + TECHNICAL_PAGES):
            continue
        answer = client.get(url)
        if answer.status_code != 200 or "text/html" not in answer.content_type:
            continue
        pages[url] = answer.get_data(as_text=True)
        if "/list/" in url:
            queue.extend(reached_from(pages[url], url.split("/list/")[0]))
    found = {url: sorted(problems_of(body, english) - test_only_names)
             for url, body in pages.items()}
    found = {url: words for url, words in found.items() if words}
    print(f"{username}: {len(pages)} pages walked")
    for url, words in sorted(found.items()):
        print("  ", url, words)
    assert found == {}, username


def test_info_descriptions_are_empty_or_real(app, client):
    """FAB sent an empty description through gettext: the catalogue's header."""
    from flask_appbuilder import ModelRestApi

    from .fixtures import api_token

    headers = api_token(client, "gz-root", "root")
    resources = sorted(view.resource_name for view in app.appbuilder.baseviews
                       if isinstance(view, ModelRestApi)
                       and "info" in (view.include_route_methods or {"info"}))
    assert len(resources) >= 20
    described = {}
    for resource in resources:
        answer = client.get(f"/api/v1/{resource}/_info?_l_=zh_CN", headers=headers)
        if answer.status_code != 200:
            continue
        for field in answer.json.get("add_columns", []) + answer.json.get("edit_columns", []):
            described[(resource, field["name"])] = field["description"]
    assert described
    header = [key for key, text in described.items() if "Project-Id-Version" in text]
    assert header == []
