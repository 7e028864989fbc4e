"""The same storage promises on every backend: a local folder, the app's own
database (SQLite here, PostgreSQL when ERP_TEST_DATABASE_URL is set) and a
database of its own (a second SQLite file, or a second connection pool to the
PostgreSQL database, writing in transactions of its own).

Content is written and read in chunks, with its SHA-256 computed while it streams;
downloads honour ranges; content commits with the row that owns it or not at all.
"""
from __future__ import annotations

import hashlib
import io
import os
import tracemalloc

import pytest
from sqlalchemy import create_engine, func, select
from werkzeug.datastructures import FileStorage

from core.extensions import db
from core.storage import (FileRejected, InvalidKey, LocalStorage, StoredFile, get_storage,
                          new_key, save_upload, send_stored)
from core.storage_db import DB_CHUNK_SIZE, DatabaseStorage, file_chunk, from_url

from .fixtures import api_token, as_system

BACKENDS = ("folder", "app database", "own database")


def pattern(size: int) -> bytes:
    """``size`` bytes that differ from chunk to chunk (a misplaced chunk shows)."""
    block = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(2048))
    return (block * (size // len(block) + 1))[:size]


def pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + pattern(size - 9)


@pytest.fixture(params=BACKENDS)
def backend(request, app, tmp_path):
    """The app's storage replaced by one backend for the test."""
    with app.app_context():
        if request.param == "folder":
            store = LocalStorage(str(tmp_path / "files"))
        elif request.param == "app database":
            store = from_url("database")
            assert store.in_app_transaction
        elif os.environ.get("ERP_TEST_DATABASE_URL"):
            store = DatabaseStorage(create_engine(os.environ["ERP_TEST_DATABASE_URL"]),
                                    in_app_transaction=False)
        else:
            store = from_url("sqlite:///" + str(tmp_path / "own-files.db"))
            assert not store.in_app_transaction
    before = app.extensions["erp_storage"]
    app.extensions["erp_storage"] = store
    yield store
    app.extensions["erp_storage"] = before
    if isinstance(store, DatabaseStorage) and not store.in_app_transaction:
        store.engine.dispose()


def chunk_rows(store, key) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.scalars(select(func.length(file_chunk.c.data))
                                       .where(file_chunk.c.key == key)
                                       .order_by(file_chunk.c.start)))


# --- the backend itself ---------------------------------------------------------------

def test_backend_writes_and_reads_in_chunks_and_seeks(backend):
    data = pattern(3 * DB_CHUNK_SIZE + 12_345)
    key = new_key()
    backend.write(key, io.BytesIO(data))
    assert backend.exists(key)
    assert key in set(backend.keys())
    if isinstance(backend, DatabaseStorage):
        assert chunk_rows(backend, key) == [DB_CHUNK_SIZE] * 3 + [12_345]
    with backend.open(key) as stream:
        assert stream.size == len(data)
        assert b"".join(iter(lambda: stream.read(8192), b"")) == data
        stream.seek(DB_CHUNK_SIZE - 5)
        assert stream.read(10) == data[DB_CHUNK_SIZE - 5:DB_CHUNK_SIZE + 5]
        stream.seek(-3, io.SEEK_END)
        assert stream.read() == data[-3:]
    with pytest.raises(FileExistsError):  # never overwritten
        backend.write(key, io.BytesIO(b"other"))
    with backend.open(key) as stream:
        assert stream.read(4) == data[:4]  # the first content stays
    backend.discard(key)
    assert not backend.exists(key)
    with pytest.raises(FileNotFoundError):
        backend.open(key)


def test_backend_keeps_an_empty_file_and_refuses_bad_keys(backend):
    key = new_key()
    backend.write(key, io.BytesIO(b""))
    with backend.open(key) as stream:
        assert (stream.size, stream.read()) == (0, b"")
    backend.discard(key)
    for bad in ("../../etc/passwd", "ab/cd/" + "0" * 32, ""):
        with pytest.raises(InvalidKey):
            backend.open(bad)
        with pytest.raises(InvalidKey):
            backend.exists(bad)


def test_a_20_mb_upload_and_download_never_sit_whole_in_memory(backend, app, tmp_path):
    """SHA-256 while streaming, both ways; Python's allocations stay under 2 MB
    for a 20 MB file (the upload comes from a file, as werkzeug spools it)."""
    size = 20 * 1024 * 1024
    upload_path = tmp_path / "big.pdf"
    with open(upload_path, "wb") as out:
        out.write(b"%PDF-1.7\n")
        for _ in range(20):
            out.write(pattern(1024 * 1024))
    size += 9
    expected = hashlib.sha256(upload_path.read_bytes()).hexdigest()
    with app.test_request_context(), open(upload_path, "rb") as source:
        tracemalloc.start()
        try:
            stored = save_upload(FileStorage(stream=source, filename="大文件.pdf"),
                                 max_bytes=size)
            upload_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            response = send_stored(stored.key, stored.original_name, stored.content_type)
            digest, received = hashlib.sha256(), 0
            for piece in response.response:
                digest.update(piece)
                received += len(piece)
            response.close()
            download_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert (stored.size, stored.sha256) == (size, expected)
        assert (received, digest.hexdigest()) == (size, expected)
        assert upload_peak < 2 * 1024 * 1024, upload_peak
        assert download_peak < 2 * 1024 * 1024, download_peak
        db.session.rollback()  # no row owns it: the rollback removes it
    assert not backend.exists(stored.key)


# --- content and its owning row commit together ---------------------------------------

def _gz_site_id():
    from core import sites

    return sites.get_site("gz").id


def test_content_is_kept_only_when_its_row_commits(backend, app):
    from fx_base.models import FxAttachment

    with as_system(app):
        rolled_back = get_storage().save(io.BytesIO(b"%PDF-1.4 rolled back"))
        assert backend.exists(rolled_back) or backend.in_app_transaction
        db.session.rollback()
        assert not backend.exists(rolled_back)

        unowned = get_storage().save(io.BytesIO(b"%PDF-1.4 nobody's"))
        db.session.commit()
        assert not backend.exists(unowned)

        content = b"%PDF-1.4 owned"
        owned = get_storage().save(io.BytesIO(content))
        row = FxAttachment(site_id=_gz_site_id(), title="owned file")
        row.set_file(StoredFile(key=owned, original_name="owned.pdf", size=len(content),
                                sha256=hashlib.sha256(content).hexdigest(),
                                content_type="application/pdf"))
        db.session.add(row)
        db.session.commit()
        assert backend.exists(owned)
        with backend.open(owned) as stream:
            assert stream.read() == content

        # a session closed without commit (a request that failed) keeps nothing
        lost = get_storage().save(io.BytesIO(b"%PDF-1.4 closed"))
        db.session.close()
        assert not backend.exists(lost)


def _upload(client, headers, row_id, data, name="合同正文.pdf"):
    return client.post(f"/api/v1/fx_attachment/{row_id}/file", headers=headers,
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_upload_and_download_through_the_api_with_ranges(backend, client):
    headers = api_token(client, "dealer-a")
    row_id = client.post("/api/v1/fx_attachment/", json={"title": "backend scan"},
                         headers=headers).json["id"]
    data = pdf(2 * DB_CHUNK_SIZE + 1000)
    stored = _upload(client, headers, row_id, data)
    assert stored.status_code == 200, stored.json
    assert stored.json["file_sha256"] == hashlib.sha256(data).hexdigest()
    url = f"/api/v1/fx_attachment/{row_id}/file"
    download = client.get(url, headers=headers)
    assert download.status_code == 200
    assert download.data == data
    assert download.headers["Content-Length"] == str(len(data))
    assert download.headers["Accept-Ranges"] == "bytes"
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C%E6%AD%A3%E6%96%87.pdf" in \
        download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]
    # a range across the boundary of the first two chunks
    start, end = DB_CHUNK_SIZE - 10, DB_CHUNK_SIZE + 9
    partial = client.get(url, headers=dict(headers, Range=f"bytes={start}-{end}"))
    assert partial.status_code == 206
    assert partial.data == data[start:end + 1]
    assert partial.headers["Content-Range"] == f"bytes {start}-{end}/{len(data)}"
    assert client.get(url, headers=dict(headers, Range=f"bytes={len(data)}-")
                      ).status_code == 416


def test_a_refused_upload_leaves_no_content(backend, client, app, monkeypatch):
    headers = api_token(client, "dealer-a")
    row_id = client.post("/api/v1/fx_attachment/", json={"title": "refused"},
                         headers=headers).json["id"]
    before = set(backend.keys())
    # refused after several chunks were written: 413, and nothing of it stays
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", DB_CHUNK_SIZE + 100)
    too_large = _upload(client, headers, row_id, pdf(3 * DB_CHUNK_SIZE))
    assert too_large.status_code == 413, too_large.json
    assert _upload(client, headers, row_id, b"MZ not a pdf").status_code == 415
    assert set(backend.keys()) == before


def test_an_upload_its_row_refuses_leaves_no_content(backend, client, app):
    """The file is stored, then the row refuses it (a decided penalty record takes
    no more evidence: 409): the content goes with the rolled-back transaction."""
    manager, hr = api_token(client, "gz-manager"), api_token(client, "gz-hr")
    from addons.technician_penalty.tests.common import act, propose
    from core.models import ErpUser

    with as_system(app):
        technician_id = db.session.query(ErpUser).filter_by(username="gz-tech1").one().id
    record_id = propose(client, manager, technician_id, "P-NOCALL", app)
    act(client, manager, record_id, "verify")
    assert act(client, hr, record_id, "hr_approve").status_code == 200
    before = set(backend.keys())
    late = client.post(f"/api/v1/penalty_record/{record_id}/file", headers=hr,
                       data={"file": (io.BytesIO(pdf(DB_CHUNK_SIZE + 10)), "later.pdf")},
                       content_type="multipart/form-data")
    assert late.status_code == 409, late.json
    assert set(backend.keys()) == before


def test_a_file_refused_half_way_leaves_nothing_even_if_the_transaction_commits(
        backend, app):
    """Chunks already written when the size limit is passed go, even when the
    request's transaction then commits for another reason."""
    before = set(backend.keys())
    with app.test_request_context():
        with pytest.raises(FileRejected) as info:
            save_upload(FileStorage(stream=io.BytesIO(pdf(3 * DB_CHUNK_SIZE)),
                                    filename="a.pdf"), max_bytes=2 * DB_CHUNK_SIZE)
        assert info.value.status == 413
        db.session.commit()
    assert set(backend.keys()) == before


def test_a_row_whose_content_is_missing_answers_404_not_500(backend, client, app):
    """What `erp storage check` calls missing content: the API answers 404 (FAB's
    @safe would turn the storage's 404 into a 500)."""
    from fx_base.models import FxAttachment

    headers = api_token(client, "dealer-a")
    row_id = client.post("/api/v1/fx_attachment/", json={"title": "content lost"},
                         headers=headers).json["id"]
    with as_system(app):
        db.session.get(FxAttachment, row_id).set_file(StoredFile(
            key=new_key(), original_name="丢失.pdf", size=10, sha256="0" * 64,
            content_type="application/pdf"))
        db.session.commit()
    response = client.get(f"/api/v1/fx_attachment/{row_id}/file", headers=headers)
    assert response.status_code == 404
    assert response.is_json
