"""Files kept in a database as chunked rows, so every machine of a deployment reads
them: ``STORAGE_URL=database`` (the app's own database) or ``postgresql://…`` (one
of their own).

Why chunked rows and not PostgreSQL large objects: the same table works on SQLite
(the embedded default) and PostgreSQL, a chunk row is removed with its transaction
(a large object outlives a rolled-back reference and needs ``vacuumlo``), and
``pg_dump`` of the app's database carries the files without ``--blobs``.

Each file is rows ``(key, start, data)`` of at most :data:`DB_CHUNK_SIZE` bytes:
an upload is inserted one chunk at a time and a download selects the chunk it is
reading, so a 20 MB file is never whole in a worker's memory, and a range request
reads only the chunks it covers.  In the app's own database the rows are written
through the request's transaction: they commit with the row that owns the file,
or not at all.
"""
from __future__ import annotations

import contextlib
import io
from typing import BinaryIO, Iterator

from flask_appbuilder import Model
from sqlalchemy import (BigInteger, Column, LargeBinary, String, Table, create_engine,
                        delete, exc, func, select)
from sqlalchemy.engine import Connection, Engine, make_url

from core.extensions import db
from core.storage_base import PENDING, Storage, app_session, check_key

# 256 KB: a 20 MB file is 80 rows; a reader holds one chunk
DB_CHUNK_SIZE = 256 * 1024

file_chunk = Table(
    "erp_file_chunk", Model.metadata,
    Column("key", String(128), primary_key=True),
    # where ``data`` starts in the file: the last chunk's start + length is the size
    Column("start", BigInteger, primary_key=True, autoincrement=False),
    Column("data", LargeBinary, nullable=False),
)


class DatabaseStorage(Storage):
    """Content as chunked rows in ``erp_file_chunk`` of ``engine``'s database.
    ``in_app_transaction``: the app's own database, written through the caller's
    session; else a database of its own, written in one transaction per file."""

    def __init__(self, engine: Engine, in_app_transaction: bool):
        self.engine = engine
        self.in_app_transaction = in_app_transaction

    def write(self, key: str, stream: BinaryIO, session=None) -> None:
        check_key(key)
        if self.in_app_transaction and session is not None:
            self._insert(session.connection(), key, stream)
            return
        with self.engine.begin() as connection:
            self._insert(connection, key, stream)

    @staticmethod
    def _insert(connection, key: str, stream: BinaryIO) -> None:
        if connection.scalar(select(file_chunk.c.key).where(file_chunk.c.key == key)
                             .limit(1)) is not None:
            raise FileExistsError(key)
        offset, buffer = 0, bytearray()
        while True:
            chunk = stream.read(DB_CHUNK_SIZE - len(buffer))
            if chunk:
                buffer += chunk
            if len(buffer) >= DB_CHUNK_SIZE or (not chunk and (buffer or offset == 0)):
                connection.execute(file_chunk.insert().values(
                    key=key, start=offset, data=bytes(buffer)))
                offset += len(buffer)
                buffer.clear()
            if not chunk:
                return

    def open(self, key: str) -> BinaryIO:
        check_key(key)
        source = self._uncommitted_reader(key) or self.engine
        with _connected(source) as connection:
            last = connection.execute(
                select(file_chunk.c.start, func.length(file_chunk.c.data))
                .where(file_chunk.c.key == key)
                .order_by(file_chunk.c.start.desc()).limit(1)).first()
        if last is None:
            raise FileNotFoundError(key)
        return ChunkReader(source, key, last[0] + last[1])

    def _uncommitted_reader(self, key: str):
        """The app session's connection when ``key`` was saved in its transaction
        still open: only that transaction sees the content (and on SQLite another
        connection would wait for its lock)."""
        if not self.in_app_transaction:
            return None
        session = app_session()
        if session is None or not any(
                stored == key for _storage, stored in session.info.get(PENDING, ())):
            return None
        return session.connection()

    def exists(self, key: str) -> bool:
        check_key(key)
        with self.engine.connect() as connection:
            return connection.scalar(
                select(file_chunk.c.key).where(file_chunk.c.key == key,
                                               file_chunk.c.start == 0)) is not None

    def keys(self) -> Iterator[str]:
        with self.engine.connect() as connection:
            yield from connection.scalars(select(file_chunk.c.key)
                                          .where(file_chunk.c.start == 0)
                                          .order_by(file_chunk.c.key)).all()

    def discard(self, key: str) -> None:
        check_key(key)
        with self.engine.begin() as connection:
            connection.execute(delete(file_chunk).where(file_chunk.c.key == key))

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


@contextlib.contextmanager
def _connected(source: Engine | Connection):
    if isinstance(source, Engine):
        with source.connect() as connection:
            yield connection
    else:
        yield source


class ChunkReader(io.RawIOBase):
    """A seekable file over one file's chunks, reading one chunk per query on a
    pooled connection held only for that query (a slow download keeps no
    connection or transaction open) — or on the connection of the transaction
    that wrote them, while it is open."""

    def __init__(self, source: Engine | Connection, key: str, size: int):
        super().__init__()
        self.source, self.key, self.size = source, key, size
        self.position = 0
        self._chunk_offset, self._chunk = 0, b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def readinto(self, buffer) -> int:
        """Fills ``buffer`` up to the end of the file, across chunks."""
        filled = 0
        while filled < len(buffer) and self.position < self.size:
            inside = self.position - self._chunk_offset
            if not 0 <= inside < len(self._chunk):
                self._load_chunk_at(self.position)
                inside = self.position - self._chunk_offset
            count = min(len(buffer) - filled, len(self._chunk) - inside)
            buffer[filled:filled + count] = self._chunk[inside:inside + count]
            self.position += count
            filled += count
        return filled

    def _load_chunk_at(self, position: int) -> None:
        with _connected(self.source) as connection:
            row = connection.execute(
                select(file_chunk.c.start, file_chunk.c.data)
                .where(file_chunk.c.key == self.key, file_chunk.c.start <= position)
                .order_by(file_chunk.c.start.desc()).limit(1)).first()
        if row is None or row[0] + len(row[1]) <= position:
            raise OSError(f"stored file {self.key} is shorter than {self.size} bytes")
        self._chunk_offset, self._chunk = row[0], bytes(row[1])


def _same_database(url, app_url) -> bool:
    return (url.get_backend_name() == app_url.get_backend_name()
            and (url.host, url.port or None, url.database, url.username)
            == (app_url.host, app_url.port or None, app_url.database, app_url.username))


def from_url(url: str) -> DatabaseStorage:
    """``database`` or a SQLAlchemy URL; ``postgresql://`` means psycopg 3, the
    driver the app installs.  Call inside an app context."""
    if url == "database":
        return DatabaseStorage(db.engine, in_app_transaction=True)
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        if _same_database(parsed, db.engine.url):
            return DatabaseStorage(db.engine, in_app_transaction=True)
        engine = create_engine(parsed, pool_pre_ping=True)
    except (exc.ArgumentError, exc.NoSuchModuleError):
        raise RuntimeError(f"STORAGE_URL {url!r} is neither file:///folder, database "
                           f"nor a database URL such as postgresql://host/name") from None
    try:
        file_chunk.create(engine, checkfirst=True)
    except exc.DatabaseError:  # another process created it at the same moment
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, file_chunk.name):
                raise
    return DatabaseStorage(engine, in_app_transaction=False)
