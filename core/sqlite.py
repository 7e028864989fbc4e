"""SQLite enforces foreign keys only when each connection asks for it.

``PRAGMA foreign_keys`` is off by default and is per connection, so it is set on
every connection SQLAlchemy opens: the embedded default, which most users start
with, then refuses a customer pointed at a dealer that does not exist, as
PostgreSQL does.  Migrations turn it off for their own connection while they run
(``core/migrations/env.py``): a batch migration copies and drops tables.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _enforce_foreign_keys(dbapi_connection, _connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
