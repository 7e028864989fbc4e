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

from sqlalchemy import Index


def list_indexes(table: str, *order: str, dealer: bool = False, owner: str | None = None,
                 site: bool = True) -> tuple[Index, ...]:
    """Indexes of a scoped list in ``order`` (then ``id``): a site's rows
    (``ix_<table>_list_site``), with ``dealer`` a dealer's
    (``ix_<table>_list_site_dealer``), with ``owner`` (a user column) one person's
    (``ix_<table>_list_site_owner``).  ``site=False`` when the list always shows one
    person's rows only.

    Usage, in the model: ``__table_args__ = list_indexes("customer", dealer=True)``.
    """
    columns = [*order, "id"] if "id" not in order else list(order)
    indexes = []
    if site:
        indexes.append(Index(f"ix_{table}_list_site", "site_id", *columns))
    if dealer:
        indexes.append(Index(f"ix_{table}_list_site_dealer", "site_id", "dealer_id",
                             *columns))
    if owner:
        indexes.append(Index(f"ix_{table}_list_site_owner", "site_id", owner, *columns))
    return tuple(indexes)
