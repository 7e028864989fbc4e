"""``erp storage check`` (read-only: missing content, orphans) and ``erp storage
migrate`` (every row's file copied, checksums verified, safe to run again), on
every backend.

The test database is shared with other tests, whose rows own files kept in other
folders: the assertions look at the rows and keys made here.
"""
from __future__ import annotations

import hashlib
import io

from core.extensions import db
from core.storage import LocalStorage, StoredFile, get_storage, new_key, storage_from_url

from .fixtures import as_system
from .test_storage_backends import backend, pattern  # noqa: F401  (the fixture)


def _row_with_file(app, content: bytes, site_code="gz", sha256=None) -> tuple[int, str]:
    """An FxAttachment of the site owning ``content``, stored in the app's storage."""
    from fx_base.models import FxAttachment

    from core import sites

    with as_system(app):
        key = get_storage().save(io.BytesIO(content))
        row = FxAttachment(site_id=sites.get_site(site_code).id, title="cli test")
        row.set_file(StoredFile(key=key, original_name="凭证.pdf", size=len(content),
                                sha256=sha256 or hashlib.sha256(content).hexdigest(),
                                content_type="application/pdf"))
        db.session.add(row)
        db.session.commit()
        return row.id, key


def _row_without_content(app, site_code="gz") -> tuple[int, str]:
    from fx_base.models import FxAttachment

    from core import sites

    with as_system(app):
        key = new_key()
        row = FxAttachment(site_id=sites.get_site(site_code).id, title="lost file")
        row.set_file(StoredFile(key=key, original_name="丢失.pdf", size=10, sha256="0" * 64,
                                content_type="application/pdf"))
        db.session.add(row)
        db.session.commit()
        return row.id, key


def test_check_lists_missing_content_and_orphans_and_changes_nothing(backend, app, runner):
    kept_id, kept = _row_with_file(app, b"%PDF-1.4 kept")
    lost_id, lost = _row_without_content(app)
    hq_lost_id, hq_lost = _row_without_content(app, "hq")
    orphan = new_key()
    backend.write(orphan, io.BytesIO(b"%PDF-1.4 nobody's"))

    result = runner.invoke(args=["storage", "check", "--site", "gz"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f"missing  fx_attachment {lost_id}  {lost}  丢失.pdf" in lines
    assert f"orphan   {orphan}" in lines
    assert not any(kept in line for line in lines)
    assert not any(hq_lost in line for line in lines)  # another site's row
    assert lines[-1].startswith("Site gz: ")
    # read-only: the orphan and the rows are as they were
    assert backend.exists(orphan) and backend.exists(kept)
    assert not backend.exists(lost)

    hq = runner.invoke(args=["storage", "check", "--site", "hq"])
    assert f"missing  fx_attachment {hq_lost_id}  {hq_lost}  丢失.pdf" in hq.output
    unknown = runner.invoke(args=["storage", "check", "--site", "nowhere"])
    assert unknown.exit_code == 1
    assert "Traceback" not in unknown.output
    backend.discard(orphan)


def test_check_verify_reads_the_content_against_the_row(backend, app, runner):
    damaged_id, damaged = _row_with_file(app, b"%PDF-1.4 changed later",
                                         sha256=hashlib.sha256(b"the original").hexdigest())
    _good_id, good = _row_with_file(app, b"%PDF-1.4 intact")
    plain = runner.invoke(args=["storage", "check", "--site", "gz"])
    assert damaged not in plain.output
    verified = runner.invoke(args=["storage", "check", "--site", "gz", "--verify"])
    assert verified.exit_code == 1
    assert f"damaged  fx_attachment {damaged_id}  {damaged}  凭证.pdf" in \
        verified.output.splitlines()
    assert good not in verified.output


def _target_url(backend, tmp_path) -> str:
    """Another backend than the one in use."""
    return "database" if isinstance(backend, LocalStorage) else f"file://{tmp_path}/moved"


def test_migrate_copies_every_file_verifies_and_can_run_again(backend, app, runner,
                                                              tmp_path):
    contents = [b"%PDF-1.4 small", b"%PDF-1.7\n" + pattern(600_000)]
    keys = [_row_with_file(app, content)[1] for content in contents]
    _lost_id, lost = _row_without_content(app)
    url = _target_url(backend, tmp_path)

    first = runner.invoke(args=["storage", "migrate", "--to", url])
    lines = first.output.splitlines()
    for key in keys:
        assert f"copied   {key}" in lines, (first.output[-2000:], repr(first.exception))
    assert any(line.startswith(f"missing  fx_attachment {_lost_id}  {lost}")
               for line in lines)
    assert first.exit_code == 1  # a row's file was missing from the source
    with app.app_context():
        target = storage_from_url(url, app)
    for key, content in zip(keys, contents):
        with target.open(key) as stream:
            assert stream.read() == content
        assert backend.exists(key)  # the source keeps its files

    # interrupted: one copy lost, one half written (wrong content under the key)
    target.discard(keys[0])
    target.discard(keys[1])
    target.write(keys[1], io.BytesIO(b"%PDF-1.7 half"))
    again = runner.invoke(args=["storage", "migrate", "--to", url])
    assert f"copied   {keys[0]}" in again.output.splitlines()
    assert f"copied   {keys[1]}" in again.output.splitlines()
    with target.open(keys[1]) as stream:
        assert hashlib.sha256(stream.read()).hexdigest() == \
            hashlib.sha256(contents[1]).hexdigest()
    third = runner.invoke(args=["storage", "migrate", "--to", url])
    assert not any(key in third.output for key in keys)  # already there


def test_migrate_refuses_the_storage_in_use_and_a_bad_url(backend, runner):
    same = runner.invoke(args=["storage", "migrate", "--to", backend.describe()])
    assert same.exit_code == 1 and "in use already" in same.output
    bad = runner.invoke(args=["storage", "migrate", "--to", "nonsense://x"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
