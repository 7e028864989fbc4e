"""Error pages: in the app's layout (navbar, menus), translated, with a way back;
the REST API keeps answering JSON."""
from __future__ import annotations

import pytest
from flask import abort

from .fixtures import login

CODES = (400, 403, 404, 405, 409, 413, 500)


@pytest.fixture(scope="module")
def aborting_app(app, app_config):
    """An app of its own whose extra routes answer each code, page and API alike."""
    from core import create_app

    own = create_app(dict(app_config, TESTING=False, PROPAGATE_EXCEPTIONS=False))
    for code in CODES:
        own.add_url_rule(f"/fail/{code}", f"fail_{code}", lambda code=code: abort(code))
        own.add_url_rule(f"/api/v1/fail/{code}", f"api_fail_{code}",
                         lambda code=code: abort(code))
    return own


@pytest.mark.parametrize("code", CODES)
def test_each_error_page_is_in_the_layout_with_a_way_home(aborting_app, code):
    client = login(aborting_app.test_client(), "gz-manager")
    page = client.get(f"/fail/{code}")
    assert page.status_code == code
    body = page.get_data(as_text=True)
    assert f'data-code="{code}"' in body
    assert "/logout" in body and 'class="navbar' in body  # the layout, not Werkzeug's
    assert '<a class="btn btn-primary" href="/">' in body
    assert "Werkzeug" not in body and "The requested URL" not in body


@pytest.mark.parametrize("code", CODES)
def test_each_error_of_the_api_is_json(aborting_app, code):
    client = login(aborting_app.test_client(), "gz-manager")
    answer = client.get(f"/api/v1/fail/{code}")
    assert answer.status_code == code
    assert answer.is_json and isinstance(answer.json["message"], str)


@pytest.mark.parametrize("code, title, text", [
    (403, "没有权限", "您没有权限打开此页面或执行此操作。"),
    (404, "未找到", "页面或记录不存在，或不属于您的站点或经销商。"),
    (409, "操作冲突", "该记录已被他人修改"),
    (413, "内容过大", "提交的内容过大"),
    (500, "内部错误", "请求未能完成。错误已记录。"),
])
def test_error_pages_speak_chinese(aborting_app, code, title, text):
    client = login(aborting_app.test_client(), "gz-manager")
    body = client.get(f"/fail/{code}?_l_=zh_CN").get_data(as_text=True)
    assert title in body and text in body and "首页" in body


def test_a_missing_record_links_back_to_its_list(client):
    login(client, "gz-manager")
    page = client.get("/servicerequestview/show/987654")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert 'href="/servicerequestview/list/"' in body and "Back to the list" in body
    # an unknown page has no list to go back to
    body = client.get("/no-such-page").get_data(as_text=True)
    assert "Back to the list" not in body and "Not found" in body


def test_a_list_of_a_disabled_addon_is_not_offered(app, client):
    """hq has no penalties addon: its page is a 404 there, and its list is no way back."""
    login(client, "hq-manager")
    page = client.get("/penaltyruleview/show/1")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert "/penaltyruleview/list/" not in body and 'data-code="404"' in body
    gz = login(app.test_client(), "gz-manager")
    body = gz.get("/penaltyruleview/show/987654").get_data(as_text=True)
    assert 'href="/penaltyruleview/list/"' in body


def test_the_api_404_stays_json(client):
    from .fixtures import api_token

    headers = api_token(client, "gz-manager")
    answer = client.get("/api/v1/service_request/987654", headers=headers)
    assert answer.status_code == 404 and answer.is_json
    answer = client.get("/api/v1/no_such_resource/", headers=headers)
    assert answer.status_code == 404 and answer.json == {"message": "Not found"}


def test_the_layout_failing_still_answers_a_plain_translated_page(aborting_app, monkeypatch):
    from core import errors

    def broken(*args, **kwargs):
        raise RuntimeError("the navbar could not be drawn")

    monkeypatch.setattr(errors, "_layout_page", broken)
    page = aborting_app.test_client().get("/fail/404?_l_=zh_CN")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert "未找到" in body and "首页" in body and "navbar" not in body
