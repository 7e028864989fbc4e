"""The default checklist (the seed's rules) and its upkeep by site admins."""
from sqlalchemy import func, select

from core import data
from core.extensions import db

from tests.fixtures import api_token, as_system, login

from ..models import SixsChecklistItem
from ..vocab import AREAS, S_TYPES
from .helpers import make_site


def test_sixs_default_checklist_holds_the_seed_s_rules_for_every_area_and_s(app):
    addon = app.extensions["erp_addons"]["inspection_6s"]
    items = data.read(addon.path, "data/sixs_checklist_item.csv")[2]
    assert len(items) == 132
    assert {item["area"] for item in items} == set(AREAS)
    assert {item["s_type"] for item in items} == set(S_TYPES)
    assert len({item["code"] for item in items}) == len(items)
    assert all(item["text_zh"] and item["text_en"] and item["ref"] for item in items)
    by_code = {item["code"]: item for item in items}
    assert by_code["SF-14"]["text_zh"].startswith("确保只有不超过允许的重量(5500KG)")
    assert "5,500 kg" in by_code["SF-14"]["text_en"]


def test_sixs_enabling_loads_the_default_checklist_once(app, client):
    site = make_site(app)  # enables inspection_6s on a new site
    with as_system(app, site.id):
        count = select(func.count()).select_from(SixsChecklistItem).where(
            SixsChecklistItem.site_id == site.id)
        assert db.session.scalar(count) == 132
    headers = api_token(client, f"{site.code}-tech")
    listed = client.get("/api/v1/sixs_checklist_item/?q=(page_size:500)", headers=headers)
    assert listed.status_code == 200 and listed.json["count"] == 132
    with as_system(app, site.id):
        assert data.load("inspection_6s", site.id) == 0
        assert db.session.scalar(count) == 132


def test_sixs_checklist_page_lists_the_default_checklist_too(app, client):
    site = make_site(app)
    login(client, f"{site.code}-admin")
    page = client.get("/sixschecklistitemview/list/?_l_=zh_CN")
    assert page.status_code == 200
    with as_system(app, site.id):
        assert db.session.scalar(select(func.count()).select_from(SixsChecklistItem).where(
            SixsChecklistItem.site_id == site.id)) == 132


def test_sixs_site_admin_adds_edits_retires_and_restores_items(app, client):
    site = make_site(app)
    admin = api_token(client, f"{site.code}-admin")
    added = client.post("/api/v1/sixs_checklist_item/", headers=admin, json={
        "code": "X-01", "area": "wash_bay", "s_type": "seiso", "text_zh": "洗车机每周保养。",
        "text_en": "Service the washer weekly."})
    assert added.status_code == 201, added.json
    item_url = f"/api/v1/sixs_checklist_item/{added.json['id']}"
    edited = client.put(item_url, headers=admin,
                        json={"text_en": "Service the car washer every week."})
    assert edited.status_code == 200
    bad = client.put(item_url, headers=admin, json={"area": "moon"})
    assert bad.status_code == 422 and "area" in bad.json["message"]
    assert client.post("/api/v1/sixs_checklist_item/", headers=admin, json={
        "code": "X-02", "area": "office", "s_type": "seven",
        "text_en": "x"}).status_code == 422
    version = client.get(item_url, headers=admin).json["result"]["version"]
    retired = client.post(f"{item_url}/retire", headers=admin, json={"version": version})
    assert retired.status_code == 200
    assert client.post(f"{item_url}/retire", headers=admin, json={}).status_code == 409
    restored = client.post(f"{item_url}/restore", headers=admin, json={})
    assert restored.status_code == 200 and restored.json["result"]["state"] == "active"
    assert client.delete(item_url, headers=admin).status_code in (404, 405)


def test_sixs_only_site_admins_change_the_checklist(app, client):
    site = make_site(app)
    body = {"code": "Y-01", "area": "office", "s_type": "seiri", "text_en": "x"}
    for user in ("manager", "tech", "hr"):
        headers = api_token(client, f"{site.code}-{user}")
        assert client.get("/api/v1/sixs_checklist_item/", headers=headers).status_code == 200
        assert client.post("/api/v1/sixs_checklist_item/", headers=headers,
                           json=body).status_code == 403, user
        listed = client.get("/api/v1/sixs_checklist_item/", headers=headers).json
        assert client.post(f"/api/v1/sixs_checklist_item/{listed['ids'][0]}/retire",
                           headers=headers, json={}).status_code == 403, user
