"""Who is acting: in a request, the logged-in user; outside one, jobs and commands
name their site explicitly."""
from __future__ import annotations

import contextlib
import contextvars

from flask import has_request_context, request

from core import fab_workarounds

_system_site = contextvars.ContextVar("erp_system_site", default=None)


@contextlib.contextmanager
def system_context(site_id: int | None):
    """Act as the system for ``site_id`` (None: every site) inside the block."""
    token = _system_site.set(("system", site_id))
    try:
        yield
    finally:
        _system_site.reset(token)


def current_system_context():
    """``("system", site_id)`` inside ``system_context``, else None."""
    return _system_site.get()


def request_principal():
    """The logged-in user of this request without touching ``current_user`` (which
    would recurse while the user is being loaded)."""
    return fab_workarounds.logged_in_user()


def request_cache() -> dict:
    """Facts read once per request (its user, permissions, addons), kept on the
    request itself: ``g`` belongs to the app context, which a test or a command may
    hold open around several requests.  Outside a request, an empty dict each time."""
    if not has_request_context():
        return {}
    return request.environ.setdefault("erp.request_cache", {})
