"""What every file storage is (the interface, its keys) and how stored content is tied
to the app's transaction; the backends are ``core.storage`` (a local folder) and
``core.storage_db`` (a database), both built on this module."""
from __future__ import annotations

import abc
import re
import uuid
from typing import BinaryIO, Iterator

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from core.extensions import db


class InvalidKey(ValueError):
    """A storage key that the storage cannot have generated (e.g. ``../../etc/passwd``)."""


# --- the storage ----------------------------------------------------------------

class Storage(abc.ABC):
    """Where files live.  Content is written once under a key the storage generates
    and never overwritten; it is removed only when no committed row owns it (see
    :meth:`save`).  An object store can implement this as well as
    :class:`LocalStorage` and :class:`core.storage_db.DatabaseStorage` do."""

    #: True when writes go through the app's own database transaction, so a
    #: rollback of that transaction removes them without the storage's help.
    in_app_transaction = False

    def save(self, stream: BinaryIO) -> str:
        """Store everything ``stream.read`` returns under a new key and return it.

        All or nothing: if reading the stream raises (e.g. :class:`FileRejected`
        for a file too large), nothing is left behind and the exception propagates.
        Inside an app context the content belongs to the app's database transaction
        (``db.session``): it is removed again when that transaction rolls back, or
        when it commits without a row whose ``file_key`` is the new key.
        """
        session = app_session()
        key = new_key()
        if session is not None:  # before writing: a write that fails half-way is undone too
            hold_until_commit(session, self, key)
        self.write(key, stream, session)
        return key

    @abc.abstractmethod
    def write(self, key: str, stream: BinaryIO, session=None) -> None:
        """Store ``stream`` under ``key`` (all or nothing; ``FileExistsError`` if the
        key is taken).  ``session`` is the app's session when there is one: a
        backend in the app's database writes through its transaction."""

    @abc.abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A seekable binary file object reading the file (the caller closes it),
        with its length in ``size``.  :class:`InvalidKey` for a malformed key,
        ``FileNotFoundError`` if missing."""

    @abc.abstractmethod
    def exists(self, key: str) -> bool:
        """Whether a file is stored under ``key``; :class:`InvalidKey` if malformed."""

    @abc.abstractmethod
    def keys(self) -> Iterator[str]:
        """Every stored key (for ``erp storage check`` and ``migrate``)."""

    @abc.abstractmethod
    def discard(self, key: str) -> None:
        """Remove content that no committed row owns (a rolled-back upload, or the
        copy of an interrupted ``erp storage migrate``).  Never call it for the
        file of a row."""

    def local_path(self, key: str) -> str | None:
        """The file's path when the content is a local file, else None."""
        return None

    def describe(self) -> str:
        """The storage as its ``STORAGE_URL`` (without a password)."""
        return type(self).__name__


KEY_PATTERN = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{28})")


def new_key() -> str:
    """A fresh key ``ab/cd/<uuid4 hex>``, the same in every backend (so
    ``erp storage migrate`` copies content without touching the rows)."""
    hex_ = uuid.uuid4().hex
    return f"{hex_[:2]}/{hex_[2:4]}/{hex_}"


def check_key(key: str) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise InvalidKey(repr(key))
    return key


# --- content that belongs to the app's transaction ---------------------------------

PENDING = "erp_storage_pending"   # session.info: [(storage, key)] saved in this transaction
OWNED = "erp_storage_owned"       # session.info: file keys of rows flushed in it


def app_session():
    """The app's database session of this context, or None outside an app using it."""
    if not has_app_context() or "sqlalchemy" not in current_app.extensions:
        return None
    return db.session()


def hold_until_commit(session: Session, storage: Storage, key: str) -> None:
    """Tie the content under ``key`` to the session's transaction (see Storage.save)."""
    if not session.in_transaction():
        session.begin()  # so that even a bare close() ends a transaction we hear of
    session.info.setdefault(PENDING, []).append((storage, key))
