"""HTTP hardening: CSRF on cookie-authenticated API writes, failed-login rate limit,
same answer for unknown users, no-store on logins, no off-site redirects, errors
without SQL, no password hashes in the user admin, security headers."""
from __future__ import annotations

import importlib
import re
from urllib.parse import urlsplit

import pytest
from flask_appbuilder.security import manager as fab_manager
from sqlalchemy.exc import IntegrityError, OperationalError

from core.extensions import db
from core.hardening import DB_ERROR_MESSAGE
from core.models import ErpUser, Site
from core.views import SiteApi
from tests.fixtures import api_token, as_system, login

GOOD = {"username": "gz-root", "password": "root"}
EVIL = "evil.example"


def own_app(app_config, **overrides):
    """An app of its own on the session's (already migrated) database, so that its
    limiter counts and its extra routes stay out of the shared ``app``."""
    from core import create_app

    return create_app(dict(app_config, **overrides))


def csrf_token_of(client) -> str:
    """The token a logged-in page hands to the browser (a hidden form field)."""
    page = client.get("/site_addons/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def site_of(app, code):
    with as_system(app):
        site = db.session.query(Site).filter_by(code=code).one()
        return {"id": site.id, "name": site.name}


# --- 1. cookie-authenticated API writes need a CSRF token ---------------------------

@pytest.fixture
def browser_login_api(monkeypatch):
    """The site API accepting the session cookie, as FAB's own security, menu and
    API-key APIs (and any addon API with ``allow_browser_login``) do."""
    monkeypatch.setattr(SiteApi, "allow_browser_login", True)


def test_cookie_authenticated_api_writes_without_csrf_token_are_refused(
        app, browser_login_api):
    site = site_of(app, "gz")
    browser = login(app.test_client(), "admin", "admin")
    same_name = {"name": site["name"]}

    for answer in (
        browser.put(f"/api/v1/site/{site['id']}", json=same_name),
        browser.put(f"/api/v1/site/{site['id']}", json=same_name,
                    headers={"X-CSRFToken": "forged"}),
        # a form post from another site: the body an HTML form can send
        browser.post("/api/v1/site/", data={"code": "", "name": ""}),
        browser.delete("/api/v1/dealer/999999"),
        # a bearer scheme without its token does not stand for one
        browser.put(f"/api/v1/site/{site['id']}", json=same_name,
                    headers={"Authorization": "Bearer "}),
    ):
        assert answer.status_code == 403, answer.data
        assert "CSRF" in answer.json["message"]


def test_cookie_api_writes_with_token_bearer_writes_and_api_login_still_work(
        app, browser_login_api):
    site = site_of(app, "gz")
    same_name = {"name": site["name"]}
    browser = login(app.test_client(), "admin", "admin")
    with_token = browser.put(f"/api/v1/site/{site['id']}", json=same_name,
                             headers={"X-CSRFToken": csrf_token_of(browser)})
    assert with_token.status_code == 200, with_token.json

    script = app.test_client()
    headers = api_token(script, "admin", "admin")
    assert script.put(f"/api/v1/site/{site['id']}", json=same_name,
                      headers=headers).status_code == 200
    # the API login from a browser that is logged in: no token needed
    assert api_token(browser, "admin", "admin")["Authorization"].startswith("Bearer ")


# --- 2. failed logins are rate limited -----------------------------------------------

def test_the_failed_login_after_the_limit_answers_429(app, app_config):
    limited = own_app(app_config, AUTH_RATE_LIMIT="3 per 1 hour")
    # successful logins are not counted
    for _ in range(4):
        login(limited.test_client(), "gz-root", "root")
        api_token(limited.test_client(), "gz-root", "root")

    client = limited.test_client()
    wrong = dict(GOOD, password="wrong")
    assert client.post("/login/", data=wrong).status_code == 302
    assert client.post("/api/v1/security/login",
                       json=dict(wrong, provider="db")).status_code == 401
    assert client.post("/login/", data=dict(wrong, username="nobody")).status_code == 302

    # the 4th failure in the window: form and API share one budget per address
    assert client.post("/login/", data=wrong).status_code == 429
    api = client.post("/api/v1/security/login", json=dict(GOOD, provider="db"))
    assert api.status_code == 429 and "message" in api.json
    # another address is not affected
    elsewhere = limited.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert elsewhere.post("/login/", data=GOOD).status_code == 302


def test_login_rate_limit_is_on_by_default(app):
    assert app.config["RATELIMIT_ENABLED"] and app.config["AUTH_RATE_LIMITED"]
    assert app.config["AUTH_RATE_LIMIT"] == "10 per 20 second"


# --- 3. unknown user and wrong password look the same ----------------------------------

def test_unknown_user_and_wrong_password_get_the_same_answer_and_a_hash_check(
        app, app_config, monkeypatch):
    quiet = own_app(app_config)  # keeps these failures off the shared app's budget
    checked = []
    real_check = fab_manager.check_password_hash

    def spy(pwhash, password):
        checked.append(pwhash.split("$")[0])  # method and cost, not the hash
        return real_check(pwhash, password)

    monkeypatch.setattr(fab_manager, "check_password_hash", spy)
    answers = {}
    for username in ("gz-root", "nobody-by-this-name"):
        client = quiet.test_client()
        checked.clear()
        form = client.post("/login/?next=/users/list/",
                           data={"username": username, "password": "wrong"})
        with client.session_transaction() as session:
            flashed = session.get("_flashes")
        api = client.post("/api/v1/security/login", json={
            "username": username, "password": "wrong", "provider": "db"})
        answers[username] = (form.status_code, form.headers.get("Location"), flashed,
                             api.status_code, api.get_data(), tuple(checked))
        assert "no-store" in api.headers["Cache-Control"]
    assert answers["gz-root"][0] == 302 and answers["gz-root"][3] == 401
    assert answers["gz-root"][2]  # the flashed "invalid login"
    # same status, redirect, flash, API body, and the same hash work (method and cost)
    assert answers["gz-root"] == answers["nobody-by-this-name"]
    assert len(answers["gz-root"][5]) == 2 and answers["gz-root"][5][0].startswith("scrypt")


# --- 4. login answers are not stored -----------------------------------------------------

def test_login_page_and_api_login_answers_are_not_stored(client):
    assert "no-store" in client.get("/login/").headers["Cache-Control"]
    token = client.post("/api/v1/security/login", json=dict(GOOD, provider="db"))
    assert token.status_code == 200
    assert "no-store" in token.headers["Cache-Control"]
    # failed logins: see the unknown-user test (they run on an app of their own)


# --- 5. no off-site redirects ------------------------------------------------------------

def on_site(location: str) -> bool:
    return urlsplit(location.replace("\\", "/")).netloc in ("", "localhost")


def test_next_never_redirects_off_site(app):
    client = app.test_client()
    answer = client.post(f"/login/?next=https://{EVIL}/", data=GOOD)
    assert answer.status_code == 302 and on_site(answer.headers["Location"])
    # logged in now: /login/ redirects straight to next
    for next_url in (f"https://{EVIL}/", f"//{EVIL}/", f"/\\{EVIL}/", f"https:{EVIL}",
                     f"\t//{EVIL}/", f"https://localhost@{EVIL}/"):
        answer = client.get("/login/", query_string={"next": next_url})
        assert answer.status_code == 302
        assert on_site(answer.headers["Location"]), (next_url, answer.headers["Location"])


def test_spoofed_host_header_is_refused(app):
    client = app.test_client()
    spoofed = client.post(f"/login/?next=http://{EVIL}/", data=GOOD,
                          headers={"Host": EVIL})
    assert spoofed.status_code == 400
    assert EVIL not in spoofed.headers.get("Location", "")
    assert client.get("/login/", headers={"Host": f"{EVIL}:8080"}).status_code == 400
    # the trusted names, on any port
    assert client.get("/login/", headers={"Host": "localhost:8080"}).status_code == 200
    assert client.get("/login/", headers={"Host": "127.0.0.1"}).status_code == 200


def test_erp_trusted_hosts_adds_host_names(monkeypatch):
    import config.default

    monkeypatch.setenv("ERP_TRUSTED_HOSTS", "erp.example.com, .branch.example.com")
    try:
        reloaded = importlib.reload(config.default)
        assert reloaded.TRUSTED_HOSTS == ["127.0.0.1", "localhost", "erp.example.com",
                                          ".branch.example.com"]
    finally:
        monkeypatch.delenv("ERP_TRUSTED_HOSTS")
        importlib.reload(config.default)
    assert config.default.TRUSTED_HOSTS == ["127.0.0.1", "localhost"]


# --- 6. errors show no SQL or row data ---------------------------------------------------

def test_internal_errors_show_no_sql_and_are_logged(app_config, app, caplog):
    broken = own_app(app_config, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def explode():
        raise OperationalError("SELECT secret FROM vault WHERE owner = ?", ("bob-the-owner",),
                               Exception("database is locked"))

    broken.add_url_rule("/boom", "boom", explode)
    broken.add_url_rule("/api/v1/boom", "api_boom", explode)
    client = broken.test_client()

    page = client.get("/boom")
    assert page.status_code == 500
    body = page.get_data(as_text=True)
    assert "Internal error" in body
    assert "SELECT secret" not in body and "bob-the-owner" not in body
    api = client.get("/api/v1/boom")
    assert api.status_code == 500 and api.json == {"message": "Internal error"}
    logged = [record for record in caplog.records if record.exc_info
              and "SELECT secret" in str(record.exc_info[1])]
    assert len(logged) == 2


def leaky_database_error() -> IntegrityError:
    return IntegrityError("INSERT INTO dealer (code, name) VALUES (?, ?)",
                          ("dealer-a", "secret row value"),
                          Exception("UNIQUE constraint failed: dealer.code"))


@pytest.fixture
def leaky_app(app, app_config):
    """Routes that answer a database error the way FAB's plain ModelRestApi (PUT,
    DELETE: 422 with the error text) and ModelView (add: ``flash(str(error))``) do,
    for views and addons that do not use core.base's SQL-free error mapping."""
    from flask import flash, jsonify, redirect

    leaky = own_app(app_config)

    def api_put():
        return jsonify(message=f"Database exception occurred: {leaky_database_error()}"), 422

    def api_refused():
        return jsonify(message="Database exception occurred: Only an admin can change it."), 422

    def view_add():
        flash(str(leaky_database_error()))
        return redirect("/")

    leaky.add_url_rule("/api/v1/leaky/1", "leaky_api_put", api_put, methods=["PUT"])
    leaky.add_url_rule("/api/v1/leaky/2", "leaky_api_refused", api_refused, methods=["PUT"])
    leaky.add_url_rule("/leakyview/add", "leaky_view_add", view_add, methods=["POST"])
    return leaky


def test_api_database_errors_show_no_sql_or_values(leaky_app):
    client = leaky_app.test_client()
    headers = api_token(client, "gz-root", "root")
    clash = client.put("/api/v1/leaky/1", json={}, headers=headers)
    assert clash.status_code == 422
    assert clash.json == {"message": DB_ERROR_MESSAGE}
    # a message raised on purpose (no SQL, no driver error) is kept
    refused = client.put("/api/v1/leaky/2", json={}, headers=headers)
    assert refused.json == {"message": "Database exception occurred: Only an admin can change it."}


def test_flashed_database_errors_show_no_sql_or_values(leaky_app):
    browser = login(leaky_app.test_client(), "gz-root", "root")
    browser.post("/leakyview/add")
    with browser.session_transaction() as session:
        flashed = session["_flashes"]
    assert flashed == [("danger", DB_ERROR_MESSAGE)]


# --- 7. password hashes are neither listed nor filterable ----------------------------

def user_ids(page: str) -> list:
    return re.findall(r"/users/show/(\d+)", page)


def test_password_hashes_are_not_listed_shown_or_filterable(app):
    with as_system(app):
        user = db.session.query(ErpUser).filter_by(username="gz-root").one()
        user_id, hash_start = user.id, user.password[:20]
    browser = login(app.test_client(), "gz-root", "root")
    listing = browser.get("/users/list/").get_data(as_text=True)
    everyone = user_ids(listing)
    assert str(user_id) in everyone
    for page in (listing, browser.get(f"/users/show/{user_id}").get_data(as_text=True),
                 browser.get(f"/users/edit/{user_id}").get_data(as_text=True)):
        assert hash_start not in page and "scrypt:" not in page
    # a password filter is refused (core.listargs): nothing can probe the hashes
    for prefix in ("no-such-hash", hash_start):
        for operation in range(4):
            filtered = browser.get("/users/list/",
                                   query_string={f"_flt_{operation}_password": prefix})
            assert filtered.status_code == 400
            assert hash_start not in filtered.get_data(as_text=True)
    # and there is no user REST API (FAB_ADD_SECURITY_API is off)
    headers = api_token(app.test_client(), "gz-root", "root")
    assert browser.get("/api/v1/security/users/", headers=headers).status_code == 404


# --- 8. security headers on every answer -------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("get", "/login/"),
    ("get", "/api/v1/site/"),            # 401
    ("get", "/no/such/page"),            # 404
    ("get", "/api/v1/no-such-api/"),     # 404 JSON
    ("post", "/api/v1/security/login"),  # 400
    ("get", "/static/appbuilder/css/ab.css"),
])
def test_every_answer_carries_the_security_headers(client, method, path):
    headers = getattr(client, method)(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"


def test_forms_refuse_a_post_without_the_csrf_token(app_config, app):
    """With CSRF on (the default outside tests) a forged form post changes nothing."""
    from fx_base.models import FxNote

    client = own_app(app_config, WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/login/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert client.post("/login/", data={"username": "dealer-a", "password": "demo",
                                        "csrf_token": token.group(1)}).status_code == 302
    forged = client.post("/fxnoteview/add", data={"text": "forged by another site"})
    assert forged.status_code == 400
    with as_system(app):
        assert db.session.query(FxNote).filter_by(text="forged by another site").count() == 0
    form = client.get("/fxnoteview/add").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or \
        re.search(r'name="csrf_token" value="([^"]+)"', form)
    sent = client.post("/fxnoteview/add", data={"text": "sent with a token",
                                                "csrf_token": token.group(1)})
    assert sent.status_code == 302
    with as_system(app):
        assert db.session.query(FxNote).filter_by(text="sent with a token").count() == 1
