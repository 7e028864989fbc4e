"""Numbers handed out one by one (``GZ-202612-0007``), without two transactions ever
taking the same one.

Reading the largest number and adding one races: two requests filed at the same
moment both read 6, and the second insert fails on the unique number.  A counter row
per sequence serialises them instead: ``UPDATE … SET value = value + 1 RETURNING
value`` locks the row until the caller's transaction ends, so a second caller waits
and then gets the next value; a transaction that rolls back gives its number back.
"""
from __future__ import annotations

from typing import Callable

from flask_appbuilder import Model
from sqlalchemy import BigInteger, Column, String, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db

sequence_table = Table(
    "erp_sequence", Model.metadata,
    Column("name", String(160), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


def next_value(name: str, last_used: Callable[[], int], session=None) -> int:
    """The next value of sequence ``name``, in the transaction of ``session`` (the
    app's by default).  ``last_used()`` gives the largest value already used when the
    sequence is first asked for (numbers stored before it existed); it is not called
    after that."""
    session = session or db.session
    value = _increment(session, name)
    if value is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" \
            else sqlite
        # two first callers: the primary key keeps one row, both then increment it
        session.execute(dialect.insert(sequence_table).values(
            name=name, value=last_used()).on_conflict_do_nothing())
        value = _increment(session, name)
    return value


def _increment(session, name: str) -> int | None:
    return session.execute(update(sequence_table).where(
        sequence_table.c.name == name).values(value=sequence_table.c.value + 1)
        .returning(sequence_table.c.value)).scalar()


def next_number(column, site_id: int, prefix: str, digits: int = 4) -> str:
    """The next ``<prefix><nnnn>`` of a site in a table's number ``column``
    (``GZ-202612-`` → ``GZ-202612-0007``).  Its sequence starts after the largest
    number stored with that prefix, read from the table itself, so that no scope
    hides a number already used."""
    table = column.table

    def last_used() -> int:
        last = db.session.execute(select(func.max(column)).where(
            table.c.site_id == site_id, column.like(prefix + "%"))).scalar()
        return int(last[len(prefix):]) if last else 0

    value = next_value(f"{table.name}:{site_id}:{prefix}", last_used)
    return f"{prefix}{value:0{digits}d}"
