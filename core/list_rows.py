"""A list API's page read as rows of its columns, by statements built once.

FAB 5.3 answers a list request by building two ORM queries anew (the page, with one
``load_only`` per listed column, and the count), loading a model instance per row,
and dumping the instances with the list's marshmallow schema.  Building and keying
the statements and loading the instances took half of the dealer's service
request list's CPU (cProfile, bench/wrk.py), and it is the same work at every
request: only the page moves.

When every listed column is a plain column of the model and the request has no
filter, the list is read with a statement built once per API, columns and order
(the page and its size are bound parameters): ``select(Model.id, Model.number, …)``
with the criteria of the caller's scope added by ``core.scope.in_current_scope``
(the criteria the session's hook adds to every ORM statement, kept with the
statement per scope, so SQLAlchemy keys it once), run on the session's connection:
the ORM's execution adds nothing to rows of columns.  The rows go to FAB's own
schema, which reads them as it reads an instance (``core.fab_workarounds``: by
place).  The count is built once the same way and capped as every list's
(``core.counts``).  Anything else, a filter, a dotted or related column, a computed
one, takes FAB's way.  ``tests/test_list_rows.py`` compares both ways' answers for
every list API as six kinds of user.
"""
from __future__ import annotations

import contextlib

from sqlalchemy import Integer, asc, bindparam, desc, select
from sqlalchemy.orm import ColumnProperty

from core import counts
from core.context import request_cache
from core.scope import in_current_scope

_KEY = "erp.list_rows_of"


@contextlib.contextmanager
def read_as_rows(interface):
    """Within, ``page(interface, …)`` may answer the request's list query (the API's
    ``get_list``; a page of the HTML list renders instances and never asks)."""
    cache = request_cache()
    cache[_KEY] = interface
    try:
        yield
    finally:
        cache.pop(_KEY, None)


def page(interface, filters, order_column, order_direction, page_index, page_size,
         select_columns):
    """(count, rows) of FAB's ``SQLAInterface.query`` as rows, or None where the
    list needs FAB's way."""
    if request_cache().get(_KEY) is not interface or not page_size:
        return None
    if filters is not None and filters.filters:
        return None
    statements = _statements(interface, tuple(select_columns or ()), order_column or "",
                             order_direction or "")
    if statements is None:
        return None
    session = interface.session
    connection = session.connection()
    model = interface.obj

    def run(statement, parameters):
        # on the session's connection, with the criteria the session's hook would add
        # (core.scope), kept with the statement: the ORM's execution around a select of
        # columns costs a third of each statement's CPU and adds nothing to rows
        return connection.execute(in_current_scope(statement, model), parameters)

    count = counts.count_selected(session, statements.ids, run)
    rows = run(statements.page, {"erp_offset": (page_index or 0) * page_size,
                                 "erp_limit": page_size}).all()
    return count, rows


def reads_as_rows(api) -> bool:
    """Whether ``api``'s default list page is read as rows."""
    order_column, order_direction = api.base_order or ("", "")
    return _statements(api.datamodel, tuple(api.list_select_columns or ()), order_column,
                       order_direction) is not None


class _Statements:
    """The page and the ids to count of one list, columns and order."""

    def __init__(self, columns: list, order: list, pk):
        self.page = (select(*columns).order_by(*order)
                     .offset(bindparam("erp_offset", type_=Integer))
                     .limit(bindparam("erp_limit", type_=Integer)))
        self.ids = select(pk)


def _statements(interface, columns: tuple, order_column: str, order_direction: str):
    """Built at the first request of each columns and order, kept with the interface
    (a dict assignment: two threads building the same key build equal statements)."""
    key = (columns, order_column, order_direction)
    known = interface.__dict__.setdefault("_erp_list_rows", {})
    if key not in known:
        known[key] = _build(interface, columns, order_column, order_direction)
    return known[key]


def _plain(model, name: str):
    """The mapped attribute of a plain column ``name`` of ``model``, or None."""
    prop = model.__mapper__.attrs.get(name) if "." not in name else None
    if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1:
        return None
    return getattr(model, name)


def _build(interface, columns: tuple, order_column: str, order_direction: str):
    model = interface.obj
    if not columns or len(model.__mapper__.primary_key) != 1:
        return None
    attributes = [_plain(model, name) for name in columns]
    if any(attribute is None for attribute in attributes):
        return None
    pk_name = interface.get_pk_name()
    pk = getattr(model, pk_name)
    if pk_name not in columns:
        attributes.insert(0, pk)
    order = []
    if order_column:
        order_attribute = _plain(model, order_column)
        if order_attribute is None:
            return None
        direction = asc if order_direction == "asc" else desc
        order.append(direction(order_attribute))
        if order_column != pk_name:
            order.append(direction(pk))
    return _Statements(attributes, order, pk)
