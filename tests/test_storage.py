"""File storage: generated keys, type and size checks, atomic writes, downloads.

Real files in a temporary folder, no mocks: most tests use a throw-away Flask app
with Flask-Babel and ``core.storage`` only; the wiring tests use ``create_app``.
"""
from __future__ import annotations

import hashlib
import io
import os
import re

import pytest
from flask import Flask, jsonify, request
from flask_babel import Babel
from sqlalchemy import create_engine, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from core import storage
from core.storage import (FileRejected, InvalidKey, LocalStorage, StoredFile,
                          StoredFileMixin, get_storage, save_upload, send_stored)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}")


def _files_under(folder) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(folder) for f in files]


def _upload(data: bytes, filename: str, **kwargs) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, **kwargs)


@pytest.fixture
def files_app(tmp_path):
    app = Flask(__name__)
    app.config.update(TESTING=True, STORAGE_DIR=str(tmp_path / "files"),
                      UPLOAD_MAX_BYTES=4096, BABEL_DEFAULT_LOCALE="en")
    Babel(app)
    storage.init_app(app)

    @app.route("/download/<path:key>")
    def download(key):
        return send_stored(key, request.args["name"], request.args.get("type"))

    return app


@pytest.fixture
def ctx(files_app):
    with files_app.test_request_context():
        yield files_app


def _rejected(upload, **kwargs) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        save_upload(upload, **kwargs)
    return info.value


# --- saving -------------------------------------------------------------------------

def test_round_trip_keeps_chinese_name_and_sha256(ctx):
    stored = save_upload(_upload(PDF, "正文.pdf", content_type="text/html"))
    assert isinstance(stored, StoredFile)
    assert stored.original_name == "正文.pdf"
    assert stored.size == len(PDF)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.content_type == "application/pdf"  # never the client's claim
    assert KEY.fullmatch(stored.key)
    assert "pdf" not in stored.key and "正文" not in stored.key
    local = get_storage()
    assert local.exists(stored.key)
    with local.open(stored.key) as f:
        assert f.read() == PDF
    path = os.path.join(ctx.config["STORAGE_DIR"], *stored.key.split("/"))
    assert _files_under(ctx.config["STORAGE_DIR"]) == [path]


def test_same_bytes_get_new_keys_and_same_sha256(ctx):
    first = save_upload(_upload(PNG, "收据.png"))
    second = save_upload(_upload(PNG, "收据.png"))
    assert first.key != second.key
    assert first.sha256 == second.sha256 == hashlib.sha256(PNG).hexdigest()
    assert first.content_type == "image/png"
    assert len(_files_under(ctx.config["STORAGE_DIR"])) == 2


def test_other_allowed_types(ctx):
    assert save_upload(_upload(JPEG, "IMG_0001.JPG")).content_type == "image/jpeg"
    docx = save_upload(_upload(b"PK\x03\x04" + bytes(40), "合同.docx"), allowed=("docx",))
    assert docx.content_type.endswith("wordprocessingml.document")


def test_a_directory_in_the_name_is_dropped(ctx):
    stored = save_upload(_upload(PDF, "C:\\Users\\张三\\发票.pdf"))
    assert stored.original_name == "发票.pdf"
    assert save_upload(_upload(PDF, "../../etc/发票.pdf")).original_name == "发票.pdf"


# --- refusals ---------------------------------------------------------------------

def test_pdf_extension_with_png_bytes_is_refused(ctx):
    error = _rejected(_upload(PNG, "发票.pdf"))
    assert error.status == 415
    assert "发票.pdf" in error.message
    assert _files_under(ctx.config["STORAGE_DIR"]) == []


def test_exe_is_refused(ctx):
    error = _rejected(_upload(b"MZ\x90\x00" + bytes(60), "setup.exe"))
    assert error.status == 415
    assert error.message == ("setup.exe is not an allowed file type. "
                             "Allowed types: jpeg, jpg, ofd, pdf, png.")
    assert _rejected(_upload(PDF, "no-extension")).status == 415


def test_a_type_not_in_allowed_is_refused(ctx):
    assert _rejected(_upload(PNG, "photo.png"), allowed=("pdf",)).status == 415


def test_bidi_override_cannot_fake_the_extension(ctx):
    # "invoice\u202efdp.exe" displays as "invoiceexe.pdf"
    error = _rejected(_upload(PDF, "invoice\u202efdp.exe"))
    assert error.status == 415
    assert "\u202e" not in error.message


def test_too_large_is_refused_and_leaves_nothing(ctx):
    big = PDF + bytes(10_000)
    error = _rejected(_upload(big, "大文件.pdf"), max_bytes=1024)
    assert error.status == 413
    assert "1 KB" in error.message
    # the default is UPLOAD_MAX_BYTES (4096 here); a lying Content-Length is ignored
    error = _rejected(_upload(big, "大文件.pdf", content_length=10))
    assert error.status == 413
    assert _files_under(ctx.config["STORAGE_DIR"]) == []
    # refused after several chunks were already written: the partial file is gone
    huge = PDF + bytes(300_000)
    assert _rejected(_upload(huge, "大文件.pdf"), max_bytes=200_000).status == 413
    assert _files_under(ctx.config["STORAGE_DIR"]) == []
    # exactly at the limit is fine
    exact = PDF + bytes(1024 - len(PDF))
    assert save_upload(_upload(exact, "a.pdf"), max_bytes=1024).size == 1024


def test_empty_is_refused(ctx):
    error = _rejected(_upload(b"", "空.pdf"))
    assert error.status == 422
    assert error.message == "空.pdf is empty."
    assert _rejected(_upload(b"", "")).status == 422  # no file chosen in the form
    assert _files_under(ctx.config["STORAGE_DIR"]) == []


def test_unknown_type_in_allowed_is_a_programming_error(ctx):
    with pytest.raises(ValueError):
        save_upload(_upload(PDF, "a.pdf"), allowed=("pdf", "exe"))


def test_rejection_as_json_response(ctx):
    error = _rejected(_upload(PNG, "发票.pdf"))
    response = error.as_response()
    assert response.status_code == 415
    assert response.get_json() == {"message": error.message}


def test_rejection_message_is_translated(files_app):
    with files_app.test_request_context():
        with pytest.raises(FileRejected) as info:
            save_upload(_upload(b"", "x.pdf"))
    # the message went through gettext with a named placeholder (English here)
    assert info.value.message == "x.pdf is empty."


# --- keys ---------------------------------------------------------------------

@pytest.mark.parametrize("key", [
    "../../etc/passwd",
    "/etc/passwd",
    "ab/cd/../../../etc/passwd",
    "ab/cd/" + "0" * 32,                # the folders must be the key's first digits
    "AB/CD/ABCD" + "0" * 28,            # lower case only
    "ab/cd/abcd" + "0" * 28 + "\n",
    "ab\\cd\\abcd" + "0" * 28,
    "",
])
def test_malformed_keys_are_refused(ctx, key):
    local = get_storage()
    with pytest.raises(InvalidKey):
        local.open(key)
    with pytest.raises(InvalidKey):
        local.exists(key)
    with pytest.raises(NotFound):
        send_stored(key, "passwd.pdf", "application/pdf")


def test_missing_key_is_404(ctx):
    key = LocalStorage.new_key()
    assert not get_storage().exists(key)
    with pytest.raises(NotFound):
        send_stored(key, "a.pdf", "application/pdf")


# --- downloads ----------------------------------------------------------------------

def test_download_headers_for_a_chinese_name(files_app):
    with files_app.test_request_context():
        stored = save_upload(_upload(PDF, "合同正文.pdf"))
    response = files_app.test_client().get(
        f"/download/{stored.key}", query_string={"name": "合同正文.pdf",
                                                  "type": stored.content_type})
    assert response.status_code == 200
    assert response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C%E6%AD%A3%E6%96%87.pdf" in disposition
    assert "filename=.pdf;" in disposition  # werkzeug's ASCII fallback: what is left
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF))
    assert "no-store" in response.headers["Cache-Control"]


def test_download_fallback_name_and_ranges(files_app):
    with files_app.test_request_context():
        stored = save_upload(_upload(PDF, "Résumé \"final\".pdf"))
    client = files_app.test_client()
    url = f"/download/{stored.key}"
    response = client.get(url, query_string={"name": "Résumé \"final\".pdf"})
    disposition = response.headers["Content-Disposition"]
    assert 'filename="Resume \\"final\\".pdf"' in disposition
    assert "filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf" in disposition
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Accept-Ranges"] == "bytes"
    partial = client.get(url, query_string={"name": "a.pdf"}, headers={"Range": "bytes=0-4"})
    assert partial.status_code == 206
    assert partial.data == b"%PDF-"
    assert partial.headers["Content-Range"] == f"bytes 0-4/{len(PDF)}"
    tail = client.get(url, query_string={"name": "a.pdf"}, headers={"Range": "bytes=-6"})
    assert tail.status_code == 206
    assert tail.data == PDF[-6:]
    beyond = client.get(url, query_string={"name": "a.pdf"},
                        headers={"Range": f"bytes={len(PDF) + 10}-"})
    assert beyond.status_code == 416


# --- the model mixin ----------------------------------------------------------------

class _Base(DeclarativeBase):
    pass


class _Receipt(StoredFileMixin, _Base):
    __tablename__ = "test_storage_receipt"
    id: Mapped[int] = mapped_column(primary_key=True)


def test_mixin_columns_and_set_file(ctx):
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    columns = {c["name"]: c for c in inspect(engine).get_columns("test_storage_receipt")}
    assert {"file_key", "file_name", "file_size", "file_sha256", "content_type"} <= set(columns)
    assert columns["file_sha256"]["type"].length == 64
    assert columns["file_name"]["type"].length == 255
    indexed = {tuple(i["column_names"]) for i in inspect(engine).get_indexes(
        "test_storage_receipt")}
    assert ("file_sha256",) in indexed

    stored = save_upload(_upload(PDF, "报销单.pdf"))
    with Session(engine) as session:
        receipt = _Receipt()
        assert not receipt.has_file
        receipt.set_file(stored)
        session.add(receipt)
        session.commit()
        again = session.get(_Receipt, receipt.id)
        assert (again.file_key, again.file_name, again.file_size, again.file_sha256,
                again.content_type) == (stored.key, "报销单.pdf", len(PDF), stored.sha256,
                                        "application/pdf")
        duplicates = session.query(_Receipt).filter_by(
            file_sha256=hashlib.sha256(PDF).hexdigest()).count()
        assert duplicates == 1
        assert again.has_file
        assert "attachment" in again.file_response().headers["Content-Disposition"]
    with pytest.raises(NotFound):
        _Receipt().file_response()


# --- wiring -------------------------------------------------------------------------

def test_create_app_puts_a_local_storage_in_storage_dir(app, app_config):
    local = app.extensions["erp_storage"]
    assert isinstance(local, LocalStorage)
    assert local.root == os.path.abspath(app_config["STORAGE_DIR"])
    with app.test_request_context():
        assert get_storage() is local


def test_storage_dir_inside_a_static_folder_is_refused(tmp_path):
    app = Flask(__name__, static_folder=str(tmp_path / "static"))
    app.config["STORAGE_DIR"] = str(tmp_path / "static" / "files")
    with pytest.raises(RuntimeError):
        storage.init_app(app)


def test_api_request_over_max_content_length_is_json_413(app_config):
    from core import create_app

    big_app = create_app(dict(app_config, MAX_CONTENT_LENGTH=1024))

    @big_app.route("/api/v1/test_storage_upload", methods=["POST"])
    def api_upload():
        return jsonify(size=len(request.files["file"].read()))

    @big_app.route("/test_storage_upload", methods=["POST"])
    def html_upload():
        return str(len(request.files["file"].read()))

    client = big_app.test_client()
    small = client.post("/api/v1/test_storage_upload",
                        data={"file": (io.BytesIO(PDF), "a.pdf")})
    assert small.status_code == 200, small.data
    assert small.get_json() == {"size": len(PDF)}

    response = client.post("/api/v1/test_storage_upload",
                           data={"file": (io.BytesIO(bytes(4096)), "a.pdf")})
    assert response.status_code == 413
    assert response.is_json
    assert response.get_json()["message"]
    assert "1 KB" in response.get_json()["message"]

    page = client.post("/test_storage_upload",
                       data={"file": (io.BytesIO(bytes(4096)), "a.pdf")})
    assert page.status_code == 413
    assert not page.is_json
