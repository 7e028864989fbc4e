"""Per-site enablement: dependencies, refusals, data kept, the gate, two processes."""
import pytest

from core import sites
from core.extensions import db
from core.models import SiteAddon

from .fixtures import api_token, as_system, login

pytestmark = pytest.mark.usefixtures("restore_switches")


def enabled(app, code):
    with as_system(app):
        return set(sites.enabled_addons(sites.get_site(code).id))


def test_enabling_pulls_in_dependencies(app):
    with as_system(app):
        hq = sites.get_site("hq")
        assert sites.enable(hq, "fx_child") == ["fx_base", "fx_child"]
        db.session.commit()
    assert {"fx_base", "fx_child"} <= enabled(app, "hq")


def test_disabling_a_needed_addon_is_refused_naming_the_dependent(app):
    with as_system(app):
        with pytest.raises(sites.SiteError, match="fx_child depends on it") as error:
            sites.disable(sites.get_site("gz"), "fx_base")
        assert error.value.status == 409
    assert "fx_base" in enabled(app, "gz")


def test_disabling_keeps_rows_and_reenabling_shows_them(app, client):
    headers = api_token(client, "gz-root", "root")
    with as_system(app):
        gz_id = sites.get_site("gz").id
    created = client.post("/api/v1/fx_note/", json={"site_id": gz_id, "text": "kept"},
                          headers=headers)
    assert created.status_code == 201
    note_id = created.json["id"]
    with as_system(app):
        gz = sites.get_site("gz")
        sites.disable(gz, "fx_child")
        sites.disable(gz, "fx_base")
        db.session.commit()
    assert client.get(f"/api/v1/fx_note/{note_id}", headers=headers).status_code == 404
    with as_system(app):
        sites.enable(sites.get_site("gz"), "fx_base")
        db.session.commit()
    shown = client.get(f"/api/v1/fx_note/{note_id}", headers=headers)
    assert shown.status_code == 200
    assert shown.json["result"]["text"] == "kept"


def test_disabled_addon_answers_404_for_pages_and_apis_of_that_site_only(app):
    gz_client, hq_client = app.test_client(), app.test_client()
    gz_headers = api_token(gz_client, "gz-root", "root")
    hq_headers = api_token(hq_client, "hq-root", "root")
    login(gz_client, "gz-root", "root")
    login(hq_client, "hq-root", "root")
    # fx_base is enabled on gz only
    assert gz_client.get("/api/v1/fx_note/", headers=gz_headers).status_code == 200
    assert gz_client.get("/fxnoteview/list/").status_code == 200
    assert hq_client.get("/api/v1/fx_note/", headers=hq_headers).status_code == 404
    assert hq_client.get("/api/v1/fx_note/_info", headers=hq_headers).status_code == 404
    assert hq_client.get("/fxnoteview/list/").status_code == 404
    assert hq_client.get("/fx_child/").status_code == 404
    # the host's own views stay
    assert hq_client.get("/api/v1/site/", headers=hq_headers).status_code == 200


def test_anonymous_request_to_addon_api_is_401_not_404(client):
    assert client.get("/api/v1/fx_note/").status_code == 401


def test_menu_hides_disabled_addon(app):
    gz_client, hq_client = app.test_client(), app.test_client()
    gz_menu = gz_client.get("/api/v1/menu/", headers=api_token(gz_client, "gz-root", "root"))
    hq_menu = hq_client.get("/api/v1/menu/", headers=api_token(hq_client, "hq-root", "root"))
    assert "Fixture notes" in gz_menu.get_data(as_text=True)
    assert "Fixture notes" not in hq_menu.get_data(as_text=True)
    login(hq_client, "hq-root", "root")
    page = hq_client.get("/sitemodelview/list/").get_data(as_text=True)
    assert "Fixture notes" not in page and "Sites" in page


def test_change_is_seen_by_another_process_at_its_next_request(app, app_config):
    """Two app instances on one database stand for two worker processes."""
    from core import create_app

    other = create_app(app_config)
    first, second = app.test_client(), other.test_client()
    headers = api_token(first, "gz-root", "root")
    assert second.get("/api/v1/fx_note/", headers=headers).status_code == 200
    with as_system(app):
        sites.disable(sites.get_site("gz"), "fx_child")
        sites.disable(sites.get_site("gz"), "fx_base")
        db.session.commit()
    assert second.get("/api/v1/fx_note/", headers=headers).status_code == 404
    with as_system(other):
        sites.enable(sites.get_site("gz"), "fx_base")
        db.session.commit()
    assert first.get("/api/v1/fx_note/", headers=headers).status_code == 200


def test_event_is_delivered_only_where_listener_is_enabled(app, client):
    from fx_child.models import FxEcho

    with as_system(app):
        hq, gz = sites.get_site("hq"), sites.get_site("gz")
        sites.enable(hq, "fx_base")  # fx_child, the listener, stays off on hq
        db.session.commit()
        hq_id, gz_id = hq.id, gz.id
    for username, site_id in (("hq-root", hq_id), ("gz-root", gz_id)):
        headers = api_token(client, username, "root")
        response = client.post("/api/v1/fx_note/", headers=headers,
                               json={"site_id": site_id, "text": "event"})
        assert response.status_code == 201
    with as_system(app):
        echoed = {echo.site_id for echo in db.session.query(FxEcho).all()}
    assert gz_id in echoed and hq_id not in echoed


def test_site_addon_api_enables_and_refuses(app, client):
    headers = api_token(client, "admin", "admin")
    response = client.post("/api/v1/site_addon/", headers=headers,
                           json={"site": "hq", "addon": "fx_child", "enabled": True})
    assert response.status_code == 200, response.json
    assert response.json["changed"] == ["fx_base", "fx_child"]
    refused = client.post("/api/v1/site_addon/", headers=headers,
                          json={"site": "hq", "addon": "fx_base", "enabled": False})
    assert refused.status_code == 409
    assert "fx_child depends on it" in refused.json["message"]
    unknown_addon = client.post("/api/v1/site_addon/", headers=headers,
                                json={"site": "hq", "addon": "nope", "enabled": True})
    assert unknown_addon.status_code == 404
    assert "Unknown addon 'nope'" in unknown_addon.json["message"]
    unknown_site = client.post("/api/v1/site_addon/", headers=headers,
                               json={"site": "mars", "addon": "fx_base"})
    assert unknown_site.status_code == 404
    bad = client.post("/api/v1/site_addon/", headers=headers,
                      json={"site": "hq", "addon": "fx_base", "enabled": "yes"})
    assert bad.status_code == 422
    with as_system(app):
        row = db.session.query(SiteAddon).filter_by(addon="fx_child").first()
        row_id = row.id
    put = client.put(f"/api/v1/site_addon/{row_id}", headers=headers, json={"enabled": False})
    assert put.status_code == 200
    assert client.delete(f"/api/v1/site_addon/{row_id}", headers=headers).status_code in (404, 405)


def test_admin_page_lists_addons_per_site_and_switches(app, client):
    login(client, "admin", "admin")
    page = client.get("/site_addons/").get_data(as_text=True)
    assert "fx_child" in page and "fx_base" in page and "fx_entry" in page
    response = client.post("/site_addons/hq/fx_child/enable")
    assert response.status_code == 302
    assert {"fx_base", "fx_child"} <= enabled(app, "hq")
    client.post("/site_addons/hq/fx_base/disable", follow_redirects=True)
    assert "fx_base" in enabled(app, "hq")  # refused: fx_child depends on it


def test_report_figures_come_only_from_addons_enabled_on_the_site(app):
    from datetime import date

    from core.reports import contributed_figures

    month = (date(2026, 11, 1), date(2026, 11, 30))
    with as_system(app):
        gz, hq = sites.get_site("gz"), sites.get_site("hq")
        assert "fx_child" in sites.enabled_addons(gz.id)
        # the product's addons enabled on gz contribute theirs too (travel_expense)
        figures = [figure for figure in contributed_figures("monthly", gz.id, *month)
                   if figure.key.startswith("fx_")]
        assert [figure.key for figure in figures] == ["fx_child.echoes"]
        assert isinstance(figures[0].value, int)
        assert "fx_child" not in sites.enabled_addons(hq.id)
        assert contributed_figures("monthly", hq.id, *month) == []
        assert contributed_figures("no_such_report", gz.id, *month) == []
