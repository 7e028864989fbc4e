"""Error pages in the app's layout: the navbar, a translated explanation, a way back.

Werkzeug's own pages are English, bare, and leave the user with nowhere to go.  For
the codes a person meets (a form that does not parse, a page or record they may not
see, a record changed under them, an upload too large, a fault of ours) the page is
rendered inside FAB's base template, so the menus stay, with links home and — when
the page belonged to a list the user may open — back to that list.

Paths under ``/api/`` keep answering JSON (``{"message": …}``): clients parse it.
If the layout itself cannot be drawn (the database is down, say), a plain page with
the same translated text is answered instead: an error page must not fail.
"""
from __future__ import annotations

import functools
import logging

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from werkzeug.exceptions import default_exceptions

log = logging.getLogger(__name__)

# code -> (title, what happened and what to do); 500 is drawn through core.hardening
MESSAGES = {
    400: (_l("Bad request"),
          _l("The request could not be understood. Check what was typed and try again.")),
    403: (_l("Access denied"),
          _l("You do not have permission to open this page or do this action.")),
    404: (_l("Not found"),
          _l("The page or record does not exist, or it is not part of your site or "
             "dealer.")),
    405: (_l("Not allowed"),
          _l("This page cannot be used this way. Go back and use its buttons.")),
    409: (_l("Conflict"),
          _l("The record was changed by someone else, or its state does not allow this "
             "action. Reload it and try again.")),
    413: (_l("Too large"),
          _l("What was sent is too large. Send a smaller file.")),
    500: (_l("Internal error"),
          _l("The request could not be completed. The error has been logged.")),
}
PAGE_CODES = (400, 403, 404, 405, 409, 413)
PLAIN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{text}</p><p><a href="/">{home}</a></p></body></html>
"""


def init_app(app) -> None:
    """Our pages for the codes a person meets (core.hardening draws 500 with
    :func:`error_page` too).  Call it after the other modules registered theirs: a
    handler registered before for a code still answers under ``/api/`` (the
    storage's 413 message, the gate's 404), our page answers everywhere else."""
    for code in PAGE_CODES:
        earlier = app.error_handler_spec[None].get(code, {}).get(default_exceptions[code])
        app.register_error_handler(code, functools.partial(handle_http_error, earlier))


def handle_http_error(earlier, error):
    code = getattr(error, "code", None) or 500
    if earlier is not None and wants_json():
        answer = earlier(error)
        if answer is not error:
            return answer
    return error_page(code, _own_description(error))


def _own_description(error) -> str | None:
    """What the code that refused said (``abort(400, description=…)``), not
    werkzeug's English default for the code."""
    description = getattr(error, "description", None)
    if not description or description == getattr(type(error), "description", None):
        return None
    return str(description)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_page(code: int, said: str | None = None):
    """The answer for ``code``: JSON under ``/api/``, else the page in the layout;
    ``said`` is the refusal's own message, shown instead of the code's text."""
    title, text = MESSAGES.get(code, MESSAGES[500])
    if said:
        text = said
    if wants_json():
        return jsonify(message=said or str(title)), code
    try:
        return _layout_page(code, str(title), str(text)), code
    except Exception:  # noqa: BLE001 - an error page must answer whatever broke
        log.exception("The error page %s could not be drawn in the layout", code)
        return (PLAIN_PAGE.format(title=escape(title), text=escape(text), home=escape(_("Home"))),
                code, {"Content-Type": "text/html; charset=utf-8"})


def _layout_page(code: int, title: str, text: str) -> str:
    appbuilder = current_app.appbuilder
    return render_template(
        "erp/error.html", base_template=appbuilder.base_template, appbuilder=appbuilder,
        code=code, title=title, text=text, home_url=appbuilder.get_url_for_index,
        list_url=_list_url())


def _list_url() -> str | None:
    """The list of the view this page belonged to, when the user may open it
    (a disabled addon's list is refused by ``has_access`` too)."""
    views = current_app.extensions.get("erp_views_by_blueprint", {})
    view = views.get(request.blueprint) if request.blueprint else None
    if view is None:
        return None
    endpoint = f"{view.endpoint}.list"
    if endpoint not in current_app.view_functions or request.endpoint == endpoint:
        return None
    if not current_app.appbuilder.sm.has_access("can_list", view.class_permission_name):
        return None
    return url_for(endpoint)
