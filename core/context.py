"""Who is acting: in a request, the logged-in user; outside one, jobs and commands
name their site explicitly."""
from __future__ import annotations

import contextlib
import contextvars

from flask import has_request_context, request
from flask_babel import get_locale

from core import fab_workarounds

_system_site = contextvars.ContextVar("erp_system_site", default=None)
_acting_for = contextvars.ContextVar("erp_acting_for", default=None)


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


@contextlib.contextmanager
def acting_as(user):
    """Take the steps inside the block as ``user`` where no request names one (the
    demo approving as a manager)."""
    token = _acting_for.set(user)
    try:
        yield
    finally:
        _acting_for.reset(token)


def acting_user():
    """The person taking this step: the one ``acting_as`` names, else the request's
    logged-in user; None for the system (a job, a command).  Outside a request ``g``
    may still hold an earlier request's user (an app context outlives requests), so
    it is not read there."""
    user = _acting_for.get()
    if user is None and has_request_context():
        user = request_principal()
    return user


def acting_user_id() -> int | None:
    return getattr(acting_user(), "id", None)


def in_reader_language(english: str | None, chinese: str | None) -> str | None:
    """A text kept in both languages, as the reader reads it: the Chinese on a
    Chinese page, else the English; either stands for the other where it is missing."""
    if has_request_context() and str(get_locale() or "").startswith("zh"):
        return chinese or english
    return english or chinese


def request_cache() -> dict:
    """Facts read once per request (its user, permissions, addons), kept on the
    request itself: ``g`` belongs to the app context, which a test or a command may
    hold open around several requests.  Outside a request, an empty dict each time."""
    if not has_request_context():
        return {}
    return request.environ.setdefault("erp.request_cache", {})
