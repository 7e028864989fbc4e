"""The Flask-AppBuilder costs the host removes per request (core/fab_workarounds.py,
core/security.py), each checked against FAB 5.3's behaviour it works around."""
from __future__ import annotations

import jsonschema
from flask_appbuilder.api import get_list_schema

from .fixtures import api_token


def test_rison_schema_is_checked_once_and_still_refuses_bad_arguments(app, client,
                                                                      monkeypatch):
    headers = api_token(client, "gz-manager")
    url = "/api/v1/service_request/?q=(page_size:5,page:0)"
    assert client.get(url, headers=headers).status_code == 200  # warm
    validator_class = jsonschema.validators.validator_for(get_list_schema)
    checks = []
    original = validator_class.check_schema
    monkeypatch.setattr(validator_class, "check_schema",
                        classmethod(lambda cls, schema, *a, **k: checks.append(schema)
                                    or original(schema, *a, **k)))
    for _ in range(3):
        assert client.get(url, headers=headers).status_code == 200
    assert checks == []  # FAB 5.3 checks the schema against the meta-schema each time
    # a key FAB's schema refuses (keys it does not know): the host's own check leaves
    # it to FAB's validator, which still refuses it
    bad = client.get("/api/v1/service_request/?q=(keys:!(no_such_key))", headers=headers)
    assert bad.status_code == 400
    assert bad.json["message"].startswith("Not a valid rison schema")


def test_an_api_request_reads_the_public_role_with_the_users_permissions(app, client):
    from core.access_stamp import NAME
    from core.extensions import db
    from core.sequences import next_value

    from .fixtures import as_system
    from .test_request_cost import counted

    headers = api_token(client, "dealer-a")
    url = "/api/v1/service_request/?q=(page_size:5)"
    client.get(url, headers=headers)
    with as_system(app):  # a new access stamp: the process's permissions are read again
        next_value(NAME, lambda: 0)
        db.session.commit()
    flats = []
    for _ in range(2):
        with counted(app) as statements:
            assert client.get(url, headers=headers).status_code == 200
        flats.append([" ".join(statement.split()).lower() for statement in statements])
    first, second = flats
    # FAB 5.3: the public role by name, then its permissions, then the user's roles,
    # groups and permissions, each a statement of its own
    assert not [s for s in first if s.startswith("select ab_role.id") and "ab_role.name =" in s]
    assert not [s for s in first if " from ab_role, ab_user_role" in s]
    assert not [s for s in first if " from ab_group, ab_user_group" in s]
    assert len([s for s in first if "ab_permission_view" in s]) == 1
    # then kept by the process under that stamp
    assert [s for s in second if "ab_permission_view" in s] == []


def test_a_list_loads_its_columns_with_one_option(app, client, monkeypatch):
    from sqlalchemy.orm import strategy_options

    headers = api_token(client, "gz-manager")
    # a filtered list: without a filter it is read as rows (core.list_rows)
    url = "/api/v1/service_request/?q=(page_size:5,filters:!((col:state,opr:neq,value:x)))"
    client.get(url, headers=headers)
    calls = []
    original = strategy_options._AbstractLoad.load_only
    monkeypatch.setattr(strategy_options._AbstractLoad, "load_only",
                        lambda self, *attrs, **kw: calls.append(attrs)
                        or original(self, *attrs, **kw))
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert set(response.json["result"][0]) >= {"number", "state", "received_at"}
    # FAB 5.3: one load_only per listed column, for the page and again for the count
    assert len(calls) == 1 and len(calls[0]) > 10


def test_a_list_converts_its_column_filters_once(app, client, monkeypatch):
    from flask_appbuilder.models.sqla.filters import SQLAFilterConverter

    headers = api_token(client, "dealer-a")
    url = "/api/v1/service_request/?q=(page_size:5,filters:!((col:state,opr:eq,value:new)))"
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    conversions = []
    original = SQLAFilterConverter.convert
    monkeypatch.setattr(SQLAFilterConverter, "convert",
                        lambda self, col: conversions.append(col) or original(self, col))
    again = client.get(url, headers=headers)
    assert again.status_code == 200 and again.json["ids"] == first.json["ids"]
    assert conversions == []  # FAB 5.3: every column, three times per request
    refused = client.get("/api/v1/service_request/?q=(filters:!((col:state,opr:nope,"
                         "value:new)))", headers=headers)
    assert refused.status_code == 400


def test_a_bearer_token_is_decoded_once_per_request(app, client, monkeypatch):
    from flask_jwt_extended import jwt_manager

    headers = {"dealer-a": api_token(client, "dealer-a"),
               "gz-manager": api_token(client, "gz-manager")}
    decoded = []
    original = jwt_manager._decode_jwt
    monkeypatch.setattr(jwt_manager, "_decode_jwt",
                        lambda **kwargs: decoded.append(1) or original(**kwargs))
    url = "/api/v1/service_request/?q=(page_size:50)"
    with app.app_context():  # one app context around two requests: each its own user
        seen = {username: client.get(url, headers=headers[username])
                for username in ("dealer-a", "gz-manager")}
    assert all(answer.status_code == 200 for answer in seen.values())
    assert seen["dealer-a"].json["count"] < seen["gz-manager"].json["count"]
    assert len(decoded) == 2  # FAB 5.3 with the host's gate: twice per request


def test_a_bearer_token_is_verified_once_per_process(app, client, monkeypatch):
    """The same token again is not verified again while in force; once past its
    ``exp`` it is refused (401) as flask_jwt_extended refuses it; under another key
    the same string is refused (422) although it was verified under the first."""
    import time

    from flask_jwt_extended import jwt_manager

    headers = api_token(client, "dealer-a")
    verified = []
    original = jwt_manager._decode_jwt
    monkeypatch.setattr(jwt_manager, "_decode_jwt",
                        lambda **kwargs: verified.append(1) or original(**kwargs))
    url = "/api/v1/service_request/?q=(page_size:5)"
    answers = [client.get(url, headers=headers) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[0].json["ids"] == answers[2].json["ids"]
    assert len(verified) == 1  # flask_jwt_extended 4: once per request
    # a day later (for the host and for PyJWT) the kept claims are out of force:
    # verified again, and refused
    import datetime

    import jwt.api_jwt

    later = time.time() + 86400

    class DayLater(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(later, tz)

    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(jwt.api_jwt, "datetime", DayLater)
    assert client.get(url, headers=headers).status_code == 401
    assert len(verified) > 1  # verified again (and again: a refused token is not kept)
    monkeypatch.undo()
    # the same string under another key (another app's, or a changed secret)
    monkeypatch.setitem(app.config, "JWT_SECRET_KEY", "another-key-of-at-least-32-bytes!!")
    # a signature that does not verify: flask_jwt_extended's 422
    assert client.get(url, headers=headers).status_code == 422


def test_an_answer_to_a_bearer_token_sets_no_cookie(app, client):
    """FAB 5.3 keeps the default locale in a new session cookie at every request that
    has none: an API client with a token got a ``Set-Cookie`` with every answer."""
    headers = api_token(client, "gz-manager")
    client.delete_cookie("session")
    url = "/api/v1/service_request/?q=(page_size:5)"
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200
    assert "Set-Cookie" not in answer.headers
    default = app.config["BABEL_DEFAULT_LOCALE"]
    other = next(language for language in app.config["LANGUAGES"] if language != default)
    labels = {language: client.get(f"{url}&_l_={language}", headers=headers).json[
        "label_columns"]["number"] for language in (default, other)}
    assert answer.json["label_columns"]["number"] == labels[default] != labels[other]
    # a page still keeps its locale in the session, as FAB does
    page = client.get("/login/")
    assert page.status_code == 200
    assert "session=" in page.headers.get("Set-Cookie", "")


def test_labels_are_translated_once_per_language(app, client, monkeypatch):
    import flask_appbuilder.api as fab_api

    headers = api_token(client, "gz-manager")
    url = "/api/v1/service_request/?q=(page_size:5)&_l_="
    first = {language: client.get(url + language, headers=headers).json["label_columns"]
             for language in ("zh_CN", "en")}
    translated = []
    original = fab_api._
    monkeypatch.setattr(fab_api, "_", lambda text: translated.append(text) or original(text))
    again = {language: client.get(url + language, headers=headers).json["label_columns"]
             for language in ("zh_CN", "en")}
    assert translated == []  # FAB 5.3: every label, every answer
    assert again == first
    assert first["zh_CN"]["number"] != first["en"]["number"]


def test_a_list_dumps_what_marshmallow_dumps(app, client, monkeypatch):
    """Every list API's first page, as the site's root sees it, is the same with the
    direct reads as with marshmallow's own way."""
    from marshmallow import Schema

    from .test_request_cost import listed_apis

    headers = api_token(client, "gz-root", "root")
    urls = [f"/api/v1/{resource}/?q=(page_size:25)" for resource in listed_apis(app)]
    direct = {url: client.get(url, headers=headers) for url in urls}
    schemas = [schema for view in app.appbuilder.baseviews
               if (schema := getattr(view, "list_model_schema", None)) is not None
               and "_serialize" in vars(schema)]
    assert len(schemas) >= 20
    for schema in schemas:  # marshmallow's way again
        monkeypatch.setattr(schema, "_serialize",
                            Schema._serialize.__get__(schema, type(schema)))
    generic = {url: client.get(url, headers=headers) for url in urls}
    rows = 0
    for url in urls:
        assert direct[url].status_code == generic[url].status_code == 200, url
        assert direct[url].json == generic[url].json, url
        rows += len(direct[url].json["result"])
    assert rows >= 100


def test_api_schemas_are_built_at_first_use(app_config):
    """FAB 5.3 converts an API's four schemas when it is registered; the host's APIs
    convert them, by FAB's own conversion, when one is first read."""
    from flask_appbuilder.api import ModelRestApi

    from core import create_app
    from core.base import ErpModelRestApi

    fresh = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    apis = [view for view in fresh.appbuilder.baseviews
            if isinstance(view, ErpModelRestApi)]
    assert len(apis) >= 20
    names = ("list_model_schema", "show_model_schema", "add_model_schema",
             "edit_model_schema")
    assert [api for api in apis if any(name in vars(api) for name in names)] == []

    api = next(api for api in apis if api.resource_name == "service_request")
    eager = type("EagerServiceRequestApi", (ModelRestApi,), {
        "resource_name": "eager_service_request", "datamodel": api.datamodel,
        **{f"{kind}_columns": getattr(api, f"{kind}_columns")
           for kind in ("list", "show", "add", "edit")}})()
    assert eager.list_model_schema is None
    with fresh.app_context():
        eager.create_blueprint(fresh.appbuilder, endpoint="eager_service_request")
        for name in names:  # FAB's own: built at registration
            assert getattr(eager, name) is not None, name
        for name in names:  # the host's: the same fields, once read
            assert list(getattr(api, name).fields) == list(getattr(eager, name).fields)
    assert all(name in vars(api) for name in names)


def test_the_limiter_checks_only_where_a_limit_applies(app, app_config, monkeypatch):
    """Flask-Limiter's check before each request finds no limit for a list: it is
    left out; a limit on the whole app is still checked before every request."""
    from core import create_app

    headers = api_token(app.test_client(), "gz-manager")
    manager = app.appbuilder.sm.limiter.limit_manager
    resolved = []
    original = manager.resolve_limits
    monkeypatch.setattr(manager, "resolve_limits",
                        lambda *args, **kwargs: resolved.append(1) or original(*args, **kwargs))
    url = "/api/v1/service_request/?q=(page_size:5)"
    assert app.test_client().get(url, headers=headers).status_code == 200
    assert resolved == []  # Flask-Limiter 4.1: resolved before every request
    # (the failed logins' limit, checked by its view: tests/test_hardening.py)

    limited = create_app(dict(app_config, RATELIMIT_DEFAULT="2 per 1 hour"))
    client = limited.test_client()
    headers = api_token(client, "gz-manager")  # the login has its own limit
    assert [client.get(url, headers=headers).status_code for _ in range(3)] == \
        [200, 200, 429]
