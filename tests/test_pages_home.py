"""The home page shows each person their work: panels declared by the addons
(manifest ``home_panels``), each only with its addon enabled and its permission;
charts are inline SVG, nothing is loaded from elsewhere."""
from __future__ import annotations

import datetime
import re

import pytest

from core.addons import Addon, AddonError

from .fixtures import api_token, as_system, login

PANELS = {
    "sites": "Sites and their addons",
    "sla": "Open requests by SLA state",
    "overdue": "Overdue tasks",
    "customers": "Customers",
    "dispatches": "My dispatches",
    "queue": "HR review queue",
    "ledger": "Penalty ledger of",
    "penalties": "My penalties and appeals",
}


def panel_titles(body: str) -> set[str]:
    titles = re.findall(r'class="panel-heading"><strong>([^<]+)</strong>', body)
    return {key for key, title in PANELS.items() if any(t.startswith(title) for t in titles)}


def home(app, username, password="demo", locale="en"):
    client = login(app.test_client(), username, password)
    answer = client.get(f"/?_l_={locale}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("username, password, panels", [
    ("admin", "admin", {"sites"}),
    ("gz-manager", "demo", {"sla", "overdue", "customers"}),
    ("dealer-a", "demo", {"sla", "customers"}),
    ("gz-hr", "demo", {"queue", "ledger"}),
    ("gz-tech1", "demo", {"dispatches", "penalties"}),
    ("hq-manager", "demo", {"sla", "overdue", "customers"}),
])
def test_each_role_sees_its_work(app, username, password, panels):
    assert panel_titles(home(app, username, password)) == panels


def test_overdue_requests_are_highlighted(app, client):
    """An open request unanswered past its answer_due_at (24 hours) is overdue."""
    headers = api_token(client, "gz-manager")
    rows = client.get("/api/v1/service_request/?q=(page_size:100)", headers=headers).json
    now = datetime.datetime.utcnow()
    overdue = {row["number"] for row in rows["result"]
               if row["state"] in ("new", "acknowledged", "dispatched", "on_site")
               and row["answered_at"] is None
               and datetime.datetime.fromisoformat(row["answer_due_at"]) < now}
    assert overdue
    body = home(app, "gz-manager")
    sla = body[body.index(PANELS["sla"]):body.index(PANELS["overdue"])]
    highlighted = set(re.findall(r'<tr class="danger erp-alert"><td><a href="[^"]+">([^<]+)</a>',
                                 sla))
    assert highlighted == overdue & highlighted and highlighted
    # the chart's alert bar carries the number of overdue requests
    assert re.search(r'erp-bar erp-bar-alert.*?font-weight="bold"[^>]*>%d</text>' % len(overdue),
                     sla, re.S)


def test_a_dealer_sees_only_its_own_requests(app):
    body = home(app, "dealer-a")
    assert "(dealer-a)" in body and "(dealer-b)" not in body


def test_a_disabled_addon_takes_its_panels_away(app, restore_switches):
    from core import sites

    with as_system(app):
        sites.disable(sites.get_site("gz"), "technician_penalty", user="test")
        from core.extensions import db
        db.session.commit()
    assert panel_titles(home(app, "gz-hr")) == set()
    assert panel_titles(home(app, "gz-tech1")) == {"dispatches"}


def test_charts_are_drawn_on_the_page_with_nothing_from_elsewhere(app):
    body = home(app, "gz-hr", locale="zh_CN")
    assert '<svg class="erp-chart"' in body
    assert "人事待审" in body and "我的工作" in body
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_the_site_title_is_translated(app):
    body = home(app, "gz-manager", locale="zh_CN")
    assert "<title>售后服务管理系统</title>" in body
    assert "售后服务管理系统" in body.split('class="navbar-brand"')[1][:300]


def test_anonymous_visitors_get_the_login(client):
    body = client.get("/").get_data(as_text=True)
    assert 'href="/login/"' in body and "erp-panel" not in body


def _addon(manifest) -> Addon:
    return Addon(name="fx_panel", version="1.0.0", summary="", depends=[], license="MIT",
                 path="/nowhere", module="tests.fixture_addons.fx_panel", manifest=manifest)


@pytest.mark.parametrize("panels, problem", [
    ([{"name": "x", "function": "home:x", "view": "V"}], "'permission' must be str"),
    ([{"name": "x", "function": "home:x", "view": "V", "permission": "p", "colour": 1}],
     "unknown key 'colour'"),
    ([{"name": "x", "function": "nowhere:x", "view": "V", "permission": "p"}],
     "cannot be imported"),
])
def test_a_bad_home_panel_stops_start_up_naming_the_addon(panels, problem):
    from core.home import load_panels

    with pytest.raises(AddonError, match="addon 'fx_panel'") as refused:
        load_panels([_addon({"home_panels": panels})])
    assert problem in str(refused.value)
