"""Junk ids never reach the database: every REST resource answers 404 for an id no
row can have and 422 for an id that is not a whole number — never a 500.

Found by fuzzing the OpenAPI spec (schemathesis): FAB passed a JSON object sent as
an id on to the model's constructor, and a 20-digit id overflowed the database's
integers.
"""
from __future__ import annotations

from flask_appbuilder import ModelRestApi

from .fixtures import api_token

HUGE = 10**20
SAFE = {400, 403, 404, 405, 409, 422}


def id_columns(api, columns):
    model = api.datamodel
    return [column for column in columns or []
            if model.is_relation(column) or model.is_integer(column)]


def with_first_rows(app, client, headers):
    """Each resource with its base URL and the id of its first row the caller sees
    (None when there is none)."""
    for api in resources(app):
        base = f"/api/v1/{api.resource_name}/"
        listed = client.get(base + "?q=(page_size:1)", headers=headers)
        ids = listed.json.get("ids") if listed.status_code == 200 else None
        yield api, base, ids[0] if ids else None


def resources(app):
    return [view for view in app.appbuilder.baseviews
            if isinstance(view, ModelRestApi) and getattr(view, "resource_name", None)]


def test_no_resource_answers_500_to_an_impossible_id(app, client):
    headers = api_token(client, "gz-root", "root")
    checked = 0
    for api in resources(app):
        for impossible in (HUGE, -HUGE):
            url = f"/api/v1/{api.resource_name}/{impossible}"
            for method in (client.get, client.put, client.delete):
                response = method(url, headers=headers, json={})
                assert response.status_code in {404, 405}, (method, url, response.status_code)
            response = client.post(f"{url}/approve", headers=headers, json={})
            assert response.status_code in {404, 405}, (url, response.status_code)
        checked += 1
    assert checked >= 20


def test_ids_that_are_not_whole_numbers_are_422(app, client):
    headers = api_token(client, "gz-root", "root")
    refused = 0
    for api, base, row_id in with_first_rows(app, client, headers):
        for column in id_columns(api, api.add_columns):
            for junk in ({"a": 1}, [1], "x", True, HUGE):
                response = client.post(base, headers=headers, json={column: junk})
                assert response.status_code in SAFE, (base, column, junk, response.json)
            response = client.post(base, headers=headers, json={column: {"a": 1}})
            if response.status_code == 422:
                refused += 1
        for column in id_columns(api, api.edit_columns) if row_id is not None else []:
            for junk in ({"a": 1}, HUGE):
                response = client.put(f"{base}{row_id}", headers=headers, json={column: junk})
                assert response.status_code in SAFE, (base, column, junk, response.json)
    assert refused >= 10


def test_a_q_argument_fab_cannot_parse_is_400(app, client):
    headers = api_token(client, "gz-root", "root")
    checked = 0
    for api in resources(app):
        for path in ("", "_info"):
            url = f"/api/v1/{api.resource_name}/{path}"
            for junk in ("2.6e+16", "(filters:!((col:id,opr:eq,value:100000000000000000000)))"):
                response = client.get(url, headers=headers, query_string={"q": junk})
                assert response.status_code in {400, 403, 405}, (url, junk, response.json)
            checked += 1
    assert checked >= 40
    answer = client.get("/api/v1/site/", headers=headers, query_string={"q": "1e+5"})
    assert (answer.status_code, answer.json) == (400, {
        "message": "The q argument is not valid Rison."})


def test_a_duplicate_found_at_an_autoflush_is_422_without_sql(app, client):
    """FAB's ``merge`` flushes before the commit: a unique key refused there was a 500."""
    headers = api_token(client, "gz-root", "root")
    dealers = client.get("/api/v1/dealer/?q=(page_size:2)", headers=headers).json["result"]
    response = client.put(f"/api/v1/dealer/{dealers[0]['id']}", headers=headers,
                          json={"code": dealers[1]["code"]})
    assert response.status_code == 422
    assert "conflicts with existing data" in response.json["message"]
    assert "UNIQUE" not in response.json["message"].upper()


def test_settings_refuse_junk_keys_and_unknown_sites(app, client):
    headers = api_token(client, "admin", "admin")  # a system admin names the site
    junk = client.post("/api/v1/site_setting/", headers=headers,
                       json={"key": {"a": 1}, "site_id": 2, "value": 1})
    assert junk.status_code == 422
    for site_id in (99999, HUGE):
        assert client.get(f"/api/v1/site_setting/effective?site_id={site_id}",
                          headers=headers).status_code == 404


def test_a_body_that_is_not_an_object_is_400(app, client):
    headers = api_token(client, "gz-root", "root")
    checked = 0
    for _api, base, row_id in with_first_rows(app, client, headers):
        targets = [(base, client.post)] + ([] if row_id is None else
                                           [(f"{base}{row_id}", client.put)])
        for url, send in targets:
            for junk in (-5.9e-70, [1, 2], "text"):
                response = send(url, headers=headers, json=junk)
                assert response.status_code in {400, 403, 405, 422}, (url, junk, response.json)
                checked += response.status_code == 400
    assert checked >= 30


def test_a_row_action_asked_where_it_is_not_offered_is_404(app, client):
    """FAB 5.3 handed a one-row action (``resetpasswords``) the list of selected rows,
    and an action for selected rows (``copyrole``) a single row: 500 both."""
    from sqlalchemy import select

    from core.extensions import db

    from .fixtures import as_system, login

    login(client, "admin", "admin")
    checked = 0
    for view in app.appbuilder.baseviews:
        for name, action in (getattr(view, "actions", None) or {}).items():
            with as_system(app):
                model = view.datamodel.obj
                row_id = db.session.execute(select(model.id).limit(1)).scalar()
            if not action.multiple:
                response = client.post(f"{view.route_base}/action_post",
                                       data={"action": name, "rowid": [str(row_id)]})
                assert response.status_code == 404, (view.route_base, name)
                checked += 1
            if not action.single:
                response = client.get(f"{view.route_base}/action/{name}/{row_id}")
                assert response.status_code == 404, (view.route_base, name)
                checked += 1
    assert checked >= 4  # resetpasswords, resetmypassword, userinfoedit, copyrole
