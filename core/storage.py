"""File storage behind an interface: a local folder by default, or a database
(``core.storage_db``), chosen by the ``STORAGE_URL`` setting.

Uploaded files (expense receipts, contract documents, ...) are stored under keys
the storage generates (``ab/cd/<uuid4 hex>``, the same in every backend), never
under a name derived from the user's file name, and are never overwritten.  The
original file name, size, SHA-256 and content type travel with the owning row
(see :class:`StoredFileMixin`).  Content belongs to the app's transaction: it is
kept when the row that owns it commits, and removed when that transaction rolls
back or commits without such a row (see :meth:`Storage.save`).

Typical use in an addon::

    from core.storage import FileRejected, StoredFileMixin, save_upload, send_stored

    class Receipt(StoredFileMixin, SiteScoped, Model): ...

    try:
        stored = save_upload(request.files["file"], allowed=("pdf", "png", "jpg", "jpeg"))
    except FileRejected as rejected:
        return rejected.as_response()          # JSON {"message": ...}, 413/415/422
    receipt.set_file(stored)

    # download: load the row through the (scoped) ORM first, then
    return receipt.file_response()             # == send_stored(key, name, type)
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator
from urllib.parse import quote

from flask import abort, current_app, jsonify, request, send_file
from flask_babel import gettext as _
from sqlalchemy import BigInteger, Column, String, Unicode, event
from sqlalchemy.orm import Session, declared_attr
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge, RequestedRangeNotSatisfiable

from core import storage_db
# the interface and keys: imported here too, where addons and the CLI look for them
from core.storage_base import (KEY_PATTERN, OWNED, PENDING, InvalidKey,  # noqa: F401
                               Storage, check_key, new_key)

EXTENSION_KEY = "erp_storage"
CHUNK_SIZE = 64 * 1024
# used when the app has no UPLOAD_MAX_BYTES setting
FALLBACK_MAX_BYTES = 10 * 1024 * 1024
# longest original file name kept (the StoredFileMixin.file_name column)
MAX_NAME_LENGTH = 255

logger = logging.getLogger(__name__)


# --- file types ---------------------------------------------------------------

@dataclass(frozen=True)
class FileType:
    """An accepted file type: its content type and magic-byte signatures.

    ``signatures`` is a tuple of alternatives; each alternative is a tuple of
    ``(offset, bytes)`` that must all match the start of the file.
    """

    content_type: str
    signatures: tuple[tuple[tuple[int, bytes], ...], ...]

    def matches(self, head: bytes) -> bool:
        return any(all(head[offset:offset + len(magic)] == magic for offset, magic in alt)
                   for alt in self.signatures)


_ZIP = (((0, b"PK\x03\x04"),),)
_JPEG = (((0, b"\xff\xd8\xff"),),)

#: Every extension ``save_upload`` knows how to check, by lower-case extension.
FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", (((0, b"%PDF-"),),)),
    "png": FileType("image/png", (((0, b"\x89PNG\r\n\x1a\n"),),)),
    "jpg": FileType("image/jpeg", _JPEG),
    "jpeg": FileType("image/jpeg", _JPEG),
    "webp": FileType("image/webp", (((0, b"RIFF"), (8, b"WEBP")),)),
    # OFD (GB/T 33190, Chinese electronic invoices) is a zip container
    "ofd": FileType("application/ofd", _ZIP),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
}
HEAD_SIZE = 16  # enough bytes for every signature above

#: What ``save_upload`` accepts when the caller does not say.
DEFAULT_ALLOWED = ("pdf", "png", "jpg", "jpeg", "ofd")


# --- errors ----------------------------------------------------------------------

class FileRejected(Exception):
    """An upload refused: ``status`` is the HTTP status to answer (413 too large,
    415 type not allowed or content not matching the extension, 422 empty or no
    file), ``message`` a translated sentence for the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message

    def as_response(self):
        """A JSON response ``{"message": ...}`` with the status (app context needed)."""
        response = jsonify(message=self.message)
        response.status_code = self.status
        return response


class LocalStorage(Storage):
    """Files in a local folder under keys ``ab/cd/<uuid4 hex>`` (``abcd`` being the
    first four hex digits).  Written to ``<root>/.incoming`` first, then linked
    into place, so a failed or partial upload never shows up under a key."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    new_key = staticmethod(new_key)
    check_key = staticmethod(check_key)

    def path(self, key: str) -> str:
        """The file's path for a valid key (whether or not it exists)."""
        return os.path.join(self.root, *check_key(key).split("/"))

    def write(self, key: str, stream: BinaryIO, session=None) -> None:
        final = self.path(key)
        incoming = os.path.join(self.root, ".incoming")
        os.makedirs(incoming, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(dir=incoming, prefix="upload-")
        try:
            with os.fdopen(fd, "wb") as temp:
                while True:
                    chunk = stream.read(CHUNK_SIZE)
                    if not chunk:
                        break
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            os.chmod(temp_path, 0o640)
            os.makedirs(os.path.dirname(final), exist_ok=True)
            try:
                os.link(temp_path, final)  # atomic and never overwrites
            except OSError as error:
                if isinstance(error, FileExistsError) or os.path.exists(final):
                    raise FileExistsError(final) from error
                os.rename(temp_path, final)  # a file system without hard links
        finally:
            if os.path.exists(temp_path):
                os.unlink(temp_path)

    def open(self, key: str) -> BinaryIO:
        stream = open(self.path(key), "rb")
        stream.size = os.fstat(stream.fileno()).st_size
        return stream

    def exists(self, key: str) -> bool:
        return os.path.isfile(self.path(key))

    def keys(self) -> Iterator[str]:
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = [name for name in subfolders if name != ".incoming"]
            for name in files:
                key = os.path.relpath(os.path.join(folder, name), self.root).replace(
                    os.sep, "/")
                if KEY_PATTERN.fullmatch(key):
                    yield key

    def discard(self, key: str) -> None:
        try:
            os.unlink(self.path(key))
        except FileNotFoundError:
            pass

    def local_path(self, key: str) -> str | None:
        return self.path(key)

    def describe(self) -> str:
        return "file://" + self.root


# --- content that belongs to the app's transaction ---------------------------------

def _discard_quietly(storage: Storage, key: str) -> None:
    try:
        storage.discard(key)
    except Exception:  # the transaction's outcome stands; `erp storage check` lists it
        logger.exception("could not remove stored content %s", key)


@event.listens_for(Session, "after_flush")
def _note_owned_keys(session, _flush_context):
    if not session.info.get(PENDING):
        return
    owned = session.info.setdefault(OWNED, set())
    for row in itertools.chain(session.new, session.dirty):
        if isinstance(row, StoredFileMixin) and row.file_key:
            owned.add(row.file_key)


@event.listens_for(Session, "after_commit")
def _discard_unowned(session):
    pending = session.info.pop(PENDING, None)
    owned = session.info.pop(OWNED, set())
    for storage, key in pending or ():
        if key not in owned:
            _discard_quietly(storage, key)


@event.listens_for(Session, "after_transaction_end")
def _discard_rolled_back(session, transaction):
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    pending = session.info.pop(PENDING, None)  # after_commit took them if it committed
    session.info.pop(OWNED, None)
    for storage, key in pending or ():
        if not storage.in_app_transaction:
            _discard_quietly(storage, key)


def get_storage() -> Storage:
    """The storage of the current app."""
    return current_app.extensions[EXTENSION_KEY]


# --- uploads --------------------------------------------------------------------

@dataclass(frozen=True)
class StoredFile:
    """What :func:`save_upload` stored; see :meth:`StoredFileMixin.set_file`."""

    key: str
    original_name: str
    size: int
    sha256: str
    content_type: str


def _clean_name(filename: str | None) -> str:
    """The user's file name without any directory part, control or bidi characters
    (which can fake an extension), NFC-normalised, at most 255 characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) < 16:
            name = stem[:MAX_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def format_size(size: int) -> str:
    """A byte count for messages: ``10 MB``, ``512 KB``, ``100 bytes``."""
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


class _CheckedReader:
    """Reads ``head`` then ``stream``, hashing and counting; refuses to go past
    ``max_bytes`` (raises :class:`FileRejected` 413 as soon as it would)."""

    def __init__(self, head: bytes, stream: BinaryIO, max_bytes: int, name: str):
        self._head, self._stream, self._max, self._name = head, stream, max_bytes, name
        self.size = 0
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK_SIZE
        if self._head:
            chunk, self._head = self._head[:size], self._head[size:]
        else:
            # one byte past the limit is enough to know it is too large
            chunk = self._stream.read(min(size, self._max - self.size + 1))
        if chunk:
            self.size += len(chunk)
            if self.size > self._max:
                raise FileRejected(413, _("%(name)s is larger than the limit of %(limit)s.",
                                          name=self._name, limit=format_size(self._max)))
            self.sha256.update(chunk)
        return chunk


def _read_head(stream: BinaryIO) -> bytes:
    head = b""
    while len(head) < HEAD_SIZE:
        chunk = stream.read(HEAD_SIZE - len(head))
        if not chunk:
            break
        head += chunk
    return head


def save_upload(file_storage: FileStorage, allowed: Iterable[str] = DEFAULT_ALLOWED,
                max_bytes: int | None = None) -> StoredFile:
    """Check and store an uploaded file; raise :class:`FileRejected` if refused.

    The extension must be in ``allowed`` (keys of :data:`FILE_TYPES`) and the
    first bytes must match it (415 otherwise); an empty file or no file is 422;
    more than ``max_bytes`` (default: the ``UPLOAD_MAX_BYTES`` setting), counted
    while streaming, is 413.  The content type is the one of the extension, never
    the one the client sent.  Nothing is stored when the upload is refused.
    """
    allowed = tuple(ext.lower().lstrip(".") for ext in allowed)
    unknown = [ext for ext in allowed if ext not in FILE_TYPES]
    if unknown:
        raise ValueError(f"no magic-byte check for {unknown}; see core.storage.FILE_TYPES")
    if max_bytes is None:
        max_bytes = current_app.config.get("UPLOAD_MAX_BYTES", FALLBACK_MAX_BYTES)

    name = _clean_name(file_storage.filename if file_storage is not None else None)
    if not name:
        raise FileRejected(422, _("No file was chosen."))
    ext = _extension(name)
    allowed_list = ", ".join(sorted(set(allowed)))
    if ext not in allowed:
        raise FileRejected(415, _("%(name)s is not an allowed file type. "
                                  "Allowed types: %(allowed)s.",
                                  name=name, allowed=allowed_list))
    file_type = FILE_TYPES[ext]

    stream = file_storage.stream
    head = _read_head(stream)
    if not head:
        raise FileRejected(422, _("%(name)s is empty.", name=name))
    if not file_type.matches(head):
        raise FileRejected(415, _("The content of %(name)s is not a %(type)s file.",
                                  name=name, type=ext.upper()))

    reader = _CheckedReader(head, stream, max_bytes, name)
    key = get_storage().save(reader)
    return StoredFile(key=key, original_name=name, size=reader.size,
                      sha256=reader.sha256.hexdigest(), content_type=file_type.content_type)


# --- the model side -------------------------------------------------------------

class StoredFileMixin:
    """Columns of a row that owns one stored file (all nullable: a row may get its
    file later).  ``file_sha256`` is indexed to spot duplicates (the same receipt
    uploaded twice): query it through the scoped ORM."""

    @declared_attr
    def file_key(cls):
        return Column(String(128))

    @declared_attr
    def file_name(cls):
        return Column(Unicode(MAX_NAME_LENGTH))

    @declared_attr
    def file_size(cls):
        return Column(BigInteger)

    @declared_attr
    def file_sha256(cls):
        return Column(String(64), index=True)

    @declared_attr
    def content_type(cls):
        return Column(String(255))

    @property
    def has_file(self) -> bool:
        return bool(self.file_key)

    def set_file(self, stored: StoredFile) -> None:
        self.file_key = stored.key
        self.file_name = stored.original_name
        self.file_size = stored.size
        self.file_sha256 = stored.sha256
        self.content_type = stored.content_type

    def file_response(self):
        """The download response of this row's file (404 if none); load the row
        through the scoped ORM first, as for :func:`send_stored`."""
        if not self.file_key:
            abort(404)
        return send_stored(self.file_key, self.file_name, self.content_type,
                           self.file_sha256)


# --- downloads -------------------------------------------------------------------

# RFC 5987 attr-char, besides ALPHA / DIGIT which quote() never escapes
_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"


def content_disposition(original_name: str, disposition: str = "attachment") -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>``
    (RFC 6266 / RFC 5987): browsers use ``filename*``, old clients the fallback."""
    name = _clean_name(original_name) or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._()\- ]", "_", ascii_name).strip(" ")
    ext = _extension(name)
    if not ascii_name.strip("._ ") or (ext and ascii_name.strip("._ ").lower() == ext):
        ascii_name = "download" + (f".{ext}" if ext and ext.isascii() and ext.isalnum()
                                   else "")
    encoded = quote(name, safe=_ATTR_CHAR_SAFE)
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


def send_stored(key: str, original_name: str, content_type: str | None,
                sha256: str | None = None):
    """A response streaming the stored file as a download (``attachment``, with the
    original name per RFC 6266, ``nosniff``, not cached by shared caches); 404 if
    the key is malformed or missing.  Range and conditional requests are honoured;
    ``sha256`` (the row's) is the ETag of content that is not a local file.

    This does NOT check who may download: the caller loads the owning row through
    the (scoped) ORM first, which answers 404 for a row out of the user's scope,
    and only then calls ``send_stored`` with that row's key.  Never pass a key
    taken from the request.
    """
    storage = get_storage()
    download = dict(mimetype=content_type or "application/octet-stream", as_attachment=True,
                    download_name=_clean_name(original_name) or "download")
    try:
        path = storage.local_path(key)
        if path is not None:
            response = send_file(path, conditional=True, **download)
        else:
            stream = storage.open(key)
            # werkzeug learns the length of a path, not of a file object: the
            # ranges are worked out here with the length the storage knows
            response = send_file(stream, conditional=False, etag=sha256 or False, **download)
            response.content_length = stream.size
            try:
                response = response.make_conditional(request.environ, accept_ranges=True,
                                                     complete_length=stream.size)
            except RequestedRangeNotSatisfiable:
                stream.close()
                raise
    except (InvalidKey, FileNotFoundError):
        abort(404)
    except RequestedRangeNotSatisfiable as unsatisfiable:
        # answered here: raised inside FAB's @safe it would become a 500
        return unsatisfiable.get_response()
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.no_cache = None
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


# --- wiring --------------------------------------------------------------------

def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _refuse_oversized_request():
    """413 before a view reads a body larger than ``MAX_CONTENT_LENGTH`` — inside a
    view, FAB's ``@safe`` would turn werkzeug's 413 into a 500.  Content-Length says
    it up front; a body of unknown length (``Transfer-Encoding: chunked``) is read
    here, bounded while it streams: a form's files to temporary files as usual,
    any other body into the request's cache, where the view finds it."""
    limit = request.max_content_length
    if limit is None:
        return
    if request.content_length is not None:
        if request.content_length > limit:
            raise RequestEntityTooLarge()
    elif request.environ.get("wsgi.input_terminated") \
            and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        # a request without either header has no body (gunicorn marks every input
        # terminated: reading the empty body of each GET cost 1.5 % of a list's CPU)
        if request.mimetype in FORM_TYPES:
            request.form  # noqa: B018  (parsing reads the body)
        else:
            request.get_data(cache=True)


def request_too_large(error):
    """413 as JSON ``{"message": ...}`` for /api/ paths, Flask's default otherwise."""
    if request.path.startswith("/api/"):
        limit = request.max_content_length
        if limit is not None:
            message = _("The request is larger than the limit of %(limit)s.",
                        limit=format_size(limit))
        else:
            message = _("The request is too large.")
        return jsonify(message=message), 413
    return error


def storage_url(app) -> str:
    """The ``STORAGE_URL`` setting, or ``file://`` + ``STORAGE_DIR`` when it is empty."""
    return app.config.get("STORAGE_URL") or "file://" + os.path.abspath(
        app.config["STORAGE_DIR"])


def storage_from_url(url: str, app) -> Storage:
    """The storage a ``STORAGE_URL`` names: ``file:///folder`` a local folder,
    ``database`` the app's own database, any other SQLAlchemy URL
    (``postgresql://…``) a database of its own (the app's own when it is the same).
    Call inside an app context."""
    if url.startswith("file:"):
        root = os.path.abspath(url[len("file://"):] if url.startswith("file://")
                               else url[len("file:"):])
        static_folders = [app.static_folder] + [
            bp.static_folder for bp in app.blueprints.values()]
        for folder in filter(None, static_folders):
            if _inside(root, folder):
                raise RuntimeError(f"The storage folder {root} is inside the static "
                                   f"folder {folder}: files would be served to anyone")
        return LocalStorage(root)
    return storage_db.from_url(url)


def init_app(app, storage: Storage | None = None) -> None:
    """Put the storage at ``app.extensions["erp_storage"]`` (the one ``STORAGE_URL``
    names unless one is given), bound every request body while it streams and
    answer 413 as JSON under /api/."""
    if storage is None:
        with app.app_context():
            storage = storage_from_url(storage_url(app), app)
    app.extensions[EXTENSION_KEY] = storage
    app.before_request(_refuse_oversized_request)
    app.register_error_handler(RequestEntityTooLarge, request_too_large)
