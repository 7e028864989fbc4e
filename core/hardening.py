"""HTTP hardening of the whole app (headers, login, redirects, errors).

What ``init_app`` adds to an app, and why:

* REST writes authenticated by the session cookie need a CSRF token.  FAB's APIs
  are CSRF-exempt, and ``@protect`` accepts the session cookie on APIs with
  ``allow_browser_login`` (FAB's security, menu and API-key APIs, any addon API
  that sets it), so without this a cross-site form could POST/PUT/DELETE
  ``/api/v1/...`` as the logged-in user.  Bearer-token requests are fine: a
  browser never adds that header by itself.
* Failed logins (form and API together) are rate limited per client address with
  FAB's ``AUTH_RATE_LIMIT``; successful logins are not counted.
* No answer but a static file is stored by caches (``Cache-Control: no-store``):
  logins, pages, API data, downloads and refreshed tokens are one person's.
* A 500 never shows the exception (SQL, row data): a short page, or JSON under
  ``/api/``; FAB's own messages that carry database errors are replaced too.
* Every answer has ``nosniff``, a frame policy and a referrer policy.

Redirects: FAB's ``next=`` check only allows the request's own host, and
``TRUSTED_HOSTS`` (config) makes Flask refuse unknown ``Host`` headers with 400, so
a spoofed Host cannot make that check, or ``url_for(_external=True)``, go off-site.
Unknown-user logins already hash a dummy password in FAB's ``auth_user_db``.
"""
from __future__ import annotations

import logging
import re

from flask import current_app, jsonify, request
from flask.signals import message_flashed
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from core import fab_workarounds
from core.credentials import sends_bearer_token
from core.errors import error_page
from core.extensions import csrf

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# what SQLAlchemy puts in str(error) of a database error (statement, values, driver
# error); FAB flashes that text, and its REST API answers it.  Messages of errors
# raised on purpose (core.scope's ScopeViolation) carry none of it and are kept.
DB_ERROR_TEXT = re.compile(
    r"\[SQL: |\[parameters: |sqlalche\.me/e/"
    r"|\((?:sqlite3|psycopg2?|asyncpg|pymysql|MySQLdb|mysql\.connector|oracledb|cx_Oracle)\.")
DB_ERROR_MESSAGE = "Database error: the change was not saved."
FRAME_POLICY = "frame-ancestors 'self'"


def init_app(app) -> None:
    sm = app.appbuilder.sm
    login_endpoints = _login_endpoints(app, sm)
    app.extensions["erp_hardening"] = {"login_endpoints": login_endpoints}

    app.before_request(_cookie_api_writes_need_csrf)
    app.after_request(_no_store)
    app.after_request(_scrub_api_db_errors)
    app.after_request(_security_headers)
    app.register_error_handler(500, internal_error)
    app.register_error_handler(429, too_many_requests)
    message_flashed.connect(_scrub_flashed_db_error, app)
    if app.config.get("AUTH_RATE_LIMITED") and sm.limiter.enabled:
        _limit_failed_logins(app, sm.limiter, login_endpoints)


def _login_endpoints(app, sm) -> dict:
    """Endpoint name -> "form" or "api" for the login views of this app."""
    endpoints = {}
    auth_view = getattr(sm, "auth_view", None)
    if auth_view is not None:
        endpoints[f"{auth_view.endpoint}.login"] = "form"
    # FAB names an API's blueprint after its class
    endpoints[f"{sm.security_api.__name__}.login"] = "api"
    return {name: kind for name, kind in endpoints.items() if name in app.view_functions}


# --- CSRF for cookie-authenticated API writes ------------------------------------

def _cookie_api_writes_need_csrf():
    """403 for an API write that rides on the session cookie without a CSRF token.

    Checked whatever WTF_CSRF_ENABLED says (the tests turn that off for forms):
    ``csrf.protect()`` validates the ``X-CSRFToken`` header (or a ``csrf_token``
    form field) against the session regardless.  403 rather than CSRFError's 400:
    the request is well formed, it is the proof that the user meant it that is
    missing, and clients treat 403 as "not allowed" rather than "fix your payload".
    """
    if request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
        return None
    if _endpoint_kind() == "api":  # the API login: answers a token, sets no cookie
        return None
    if sends_bearer_token():
        return None
    if not current_user.is_authenticated:
        return None  # FAB's @protect answers 401
    try:
        csrf.protect()
    except CSRFError as error:
        log.warning("Refused cookie-authenticated %s %s: %s", request.method,
                    request.path, error.description)
        return jsonify(message=f"CSRF check failed: {error.description} Send the "
                               "X-CSRFToken header or use a Bearer token."), 403
    return None


# --- login --------------------------------------------------------------------------

def _endpoint_kind():
    endpoints = current_app.extensions["erp_hardening"]["login_endpoints"]
    return endpoints.get(request.endpoint)


def _login_failed(response) -> bool:
    """Counted by the limiter after the answer: only failed logins count."""
    if _endpoint_kind() == "api":
        return response.status_code != 200
    return not current_user.is_authenticated


def _limit_failed_logins(app, limiter, login_endpoints) -> None:
    # one shared budget per client address for the form and the API login: the
    # limiter tests it before the view and deducts after a failed answer
    limit = limiter.shared_limit(app.config["AUTH_RATE_LIMIT"], scope="erp-login",
                                 methods=["POST"], deduct_when=_login_failed)
    for endpoint in login_endpoints:
        # the limiter checks a decorated limit when the wrapped view is called
        fab_workarounds.wrap_view_function(app, endpoint, limit)


def too_many_requests(error):
    if request.path.startswith("/api/"):
        return jsonify(message="Too many requests, try again later."), 429
    return error


def _no_store(response):
    """Only static files may be kept by a browser or a proxy: every other answer is
    one person's data (pages, API rows, downloads, a refreshed token) or a login."""
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return response
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Pragma", "no-cache")
    return response


# --- errors without SQL or row data ----------------------------------------------

def internal_error(error):
    """Any 500: the exception is logged (Flask logs unhandled ones with their
    traceback before calling this), the answer says nothing about it."""
    if getattr(error, "original_exception", None) is None:
        # abort(500) / a raised InternalServerError: Flask has not logged it
        current_app.logger.error("Internal error on %s %s", request.method, request.path,
                                 exc_info=error)
    if request.path.startswith("/api/"):
        return jsonify(message="Internal error"), 500
    return error_page(500)


def _scrub_flashed_db_error(sender, message, category, **extra):
    """FAB's ModelView flashes ``str(error)`` when a save fails: SQL and values."""
    if not isinstance(message, str) or not DB_ERROR_TEXT.search(message):
        return
    log.warning("Database error shown to the user as a generic message: %s", message)
    fab_workarounds.replace_flash(category, message, DB_ERROR_MESSAGE)


def _scrub_api_db_errors(response):
    """FAB's REST PUT/DELETE answer 422 "Database exception occurred: <the error>"."""
    if (response.status_code < 400 or not request.path.startswith("/api/")
            or not response.is_json or response.direct_passthrough):
        return response
    body = response.get_json(silent=True)
    if isinstance(body, dict) and isinstance(body.get("message"), str) \
            and DB_ERROR_TEXT.search(body["message"]):
        log.warning("Database error answered as a generic message: %s", body["message"])
        body["message"] = DB_ERROR_MESSAGE
        response.set_data(current_app.json.dumps(body))
    return response


# --- headers on every answer ---------------------------------------------------

def _security_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    policy = headers.get("Content-Security-Policy")
    if not policy:
        headers["Content-Security-Policy"] = FRAME_POLICY
    elif "frame-ancestors" not in policy:
        headers["Content-Security-Policy"] = policy.rstrip("; ") + "; " + FRAME_POLICY
    headers.setdefault("Referrer-Policy", "same-origin")
    return response
