"""Indexes that serve a scoped list's default page.

A list API reads ``WHERE site_id = ? [AND dealer_id = ?] ORDER BY <order>, id
LIMIT 25`` (FAB adds the primary key as a tie-breaker).  With only single-column
indexes on ``site_id`` and ``dealer_id`` PostgreSQL fetches every row of the scope
and sorts them to keep 25, and the work grows with the table.  An index on the
scope's columns followed by the order's walks 25 entries instead.
``tests/test_indexes.py`` checks each list's plan, so a list without its index fails
there.
"""
from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint

LIST_ORDER = "erp_list_order"


def list_indexes(table: str, *order: str, dealer: bool = False, owner: str | None = None,
                 site: bool = True) -> tuple[Index, ...]:
    """Indexes of a scoped list in ``order`` (then ``id``): a site's rows
    (``ix_<table>_list_site``), with ``dealer`` a dealer's
    (``ix_<table>_list_site_dealer``), with ``owner`` (a user column) one person's
    (``ix_<table>_list_site_owner``).  ``site=False`` when the list always shows one
    person's rows only.

    The first column of ``order`` is the list's order on its pages and in its API
    (``list_order``), the newest first when written ``"-received_at"``; a view or an
    API that lists in another order says its own ``base_order``.

    Usage, in the model: ``__table_args__ = list_indexes("customer", dealer=True)``.
    """
    names = [name.lstrip("-") for name in order]
    columns = [*names, "id"] if "id" not in names else names
    info = {LIST_ORDER: (names[0], "desc" if order[0].startswith("-") else "asc")} \
        if order else {}
    indexes = []
    if site:
        indexes.append(Index(f"ix_{table}_list_site", "site_id", *columns, info=info))
    if dealer:
        indexes.append(Index(f"ix_{table}_list_site_dealer", "site_id", "dealer_id",
                             *columns, info=info))
    if owner:
        indexes.append(Index(f"ix_{table}_list_site_owner", "site_id", owner, *columns,
                             info=info))
    return tuple(indexes)


def unique_in_site(*columns: str, listed: str | None = None) -> UniqueConstraint:
    """``UniqueConstraint("site_id", *columns)``: the columns that name a row within its
    site (``core.data`` loads an addon's default rows by them).  With ``listed``
    (``"asc"`` or ``"desc"``) the model's lists are in the first column's order, which
    this key's index serves, as a list index's order is (``list_order``).

    Usage, in the model: ``__table_args__ = (unique_in_site("code", listed="asc"),)``.
    """
    info = {LIST_ORDER: (columns[0], listed)} if listed else {}
    return UniqueConstraint("site_id", *columns, info=info)


def list_order(model) -> tuple[str, str] | None:
    """``(column, "asc" | "desc")``: the order ``model``'s list indexes (or its key in
    the site) serve, or None."""
    for index in (*model.__table__.indexes, *model.__table__.constraints):
        if LIST_ORDER in index.info:
            return index.info[LIST_ORDER]
    return None
