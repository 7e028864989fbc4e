"""A list's total: exact up to ``LIST_EXACT_COUNT_LIMIT`` rows, estimated beyond.

An exact count reads every row in the user's scope (an index-only scan of a
million ids takes about 60 ms, the page itself under 2 ms), so a list of a site
with a million rows would be slow only because of its total.  The count is
capped: ``SELECT count(*) FROM (SELECT id … LIMIT n + 1)``; when it reaches the
cap, PostgreSQL's planner estimate of the scoped rows (``EXPLAIN``) stands for the
total, and the request says so (``estimated()``): the API answers
``count_estimated``, and the page, which prints the total FAB hands it, shows
"about N" (``EstimatedCount``).  Other databases count exactly.
"""
from __future__ import annotations

import weakref

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Integer, bindparam, func, select

from core.context import request_cache
from core.scope import in_current_scope


def count_rows(ids) -> int:
    """The total of a list whose ids ``ids`` (an ORM query) selects, counted through
    the session (whose hook adds the scope's criteria)."""
    return count_selected(ids.session, ids.statement, ids.session.execute)


class EstimatedCount(int):
    """A total that is an estimate: a number to FAB's pagination and to JSON, "about
    N" where a page prints it."""

    def __str__(self) -> str:
        return _("about %(count)s", count=int(self))


def estimated() -> bool:
    """Whether this request's list total is an estimate."""
    return bool(request_cache().get("count_estimated"))


_EXPLAINS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _planned_rows(session, statement) -> int:
    scoped = in_current_scope(statement)
    # compiled once per scoped statement: a list read as rows (core.list_rows) asks
    # for the estimate of the same statement at every request of a large scope
    explain = _EXPLAINS.get(scoped)
    if explain is None:
        compiled = scoped.compile(dialect=session.get_bind().dialect,
                                  compile_kwargs={"render_postcompile": True})
        explain = _EXPLAINS[scoped] = ("EXPLAIN (FORMAT JSON) " + str(compiled),
                                       compiled.params)
    plan = session.connection().exec_driver_sql(*explain).scalar()
    return int(plan[0]["Plan"]["Plan Rows"])


def count_selected(session, ids, run) -> int:
    """The total of a list whose ids the select ``ids`` reads;
    ``run(statement, parameters)`` executes a statement (the session's ``execute``,
    or core.list_rows': with the scope's criteria, on the session's connection)."""
    limit = current_app.config["LIST_EXACT_COUNT_LIMIT"]
    if not limit or session.get_bind().dialect.name != "postgresql":
        return run(_count_of(ids), {}).scalar()
    capped = run(_count_of(ids, capped=True), {"erp_count_cap": limit + 1}).scalar()
    if capped <= limit:
        return capped
    request_cache()["count_estimated"] = True
    return EstimatedCount(max(_planned_rows(session, ids), limit + 1))


_COUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _count_of(ids, capped: bool = False):
    """``SELECT count(*) FROM (ids [LIMIT :erp_count_cap])``, built once per ``ids``
    (a statement kept is keyed by SQLAlchemy once)."""
    built = _COUNTS.setdefault(ids, {})
    if capped not in built:
        inner = ids.limit(bindparam("erp_count_cap", type_=Integer)) if capped else ids
        built[capped] = select(func.count()).select_from(inner.subquery())
    return built[capped]
