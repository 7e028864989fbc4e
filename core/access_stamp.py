"""The access stamp: one number that changes with every change to who may do what.

Every request needs its user, the permissions of the user's roles and the addons of
the user's site.  Reading them took four of a list request's five statements, and
loading the user through the ORM a seventh of its CPU, though they change far less
often than they are read.  They are kept per process instead, keyed by the access
stamp: a counter (row ``access`` of ``erp_sequence``) that a flush changing a user
(its roles, groups, activity, password, a login's bookkeeping), a group, a role's
permissions, a permission, a view or a site's addons increments in the same
transaction.  Each request reads the stamp first (``core.security``), so a request
in any process sees a change as soon as it is committed, and the per-process caches
cost one small statement.

A request whose user was not loaded (anonymous, a failed token) has no stamp and
reads the facts from the database for itself, as before.
"""
from __future__ import annotations

from flask import current_app
from flask_appbuilder.security.sqla.models import (Group, Permission, PermissionView, Role,
                                                   ViewMenu)
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from core.context import request_cache
from core.models import ErpUser, SiteAddon
from core.sequences import next_value, sequence_table

NAME = "access"
_ACCESS_MODELS = (Role, PermissionView, Permission, ViewMenu, SiteAddon, ErpUser, Group)
_MISSING = object()


def stamp_column():
    """A column to select: the stamp as committed now (None before the first
    change)."""
    return (select(sequence_table.c.value).where(sequence_table.c.name == NAME)
            .scalar_subquery().label("access_stamp"))


def seen(stamp) -> None:
    """Keep the stamp read with this request's user."""
    request_cache()["access_stamp"] = stamp


def cached(key, compute):
    """``compute()`` once per app and access stamp; once per request when this
    request has no stamp (nobody logged in) or has changed what the stamp covers.
    Per app, not per module: two apps of one process (tests, the CLI beside a
    server) may stand on two databases.  Outside a request, every call."""
    here = request_cache()
    stamp = here.get("access_stamp", _MISSING)
    if stamp is _MISSING:
        facts = here.setdefault("access_facts", {})
    else:
        cache = current_app.extensions.setdefault("erp_access_cache", {})
        facts = cache.get(stamp)
        if facts is None:
            cache.clear()  # an older stamp's facts are never asked for again
            facts = cache[stamp] = {}
    if key not in facts:
        facts[key] = compute()
    return facts[key]


def forget() -> None:
    """The rest of this request reads permissions and addons again: it changes them."""
    here = request_cache()
    here.pop("access_stamp", None)
    here.pop("access_facts", None)


@event.listens_for(Session, "before_flush")
def _bump_on_access_change(session, flush_context, instances) -> None:
    if not any(isinstance(row, _ACCESS_MODELS)
               for rows in (session.new, session.dirty, session.deleted) for row in rows):
        return
    next_value(NAME, lambda: 0, session)
    forget()
