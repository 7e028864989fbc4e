"""``erp storage check`` and ``erp storage migrate``: what the storage holds against
what the rows (every ``StoredFileMixin`` model) say it should hold."""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_appbuilder import Model
from sqlalchemy import null, select

from core.extensions import db
from core.storage import (CHUNK_SIZE, InvalidKey, Storage, StoredFileMixin, get_storage,
                          storage_from_url)


@dataclass(frozen=True)
class OwnedFile:
    """A row's file: which row, and what the row says of the content."""

    table: str
    row_id: object
    site_id: int | None
    key: str
    name: str | None
    size: int | None
    sha256: str | None


def file_models() -> list[type]:
    """Every mapped model owning a stored file, installed addons included."""
    return sorted({mapper.class_ for mapper in Model.registry.mappers
                   if issubclass(mapper.class_, StoredFileMixin)
                   and mapper.local_table is not None},
                  key=lambda model: model.__tablename__)


def owned_files(site_id: int | None = None) -> Iterator[OwnedFile]:
    """The files of every row (of one site when ``site_id`` is given); run it as
    the system, so that scope hides no row."""
    for model in file_models():
        table = model.__table__
        row_id = model.__mapper__.primary_key[0]
        site_column = table.c.get("site_id")
        if site_id is not None and site_column is None:
            continue
        query = select(row_id, site_column if site_column is not None else null(),
                       table.c.file_key, table.c.file_name, table.c.file_size,
                       table.c.file_sha256).where(table.c.file_key.is_not(None))
        if site_id is not None:
            query = query.where(site_column == site_id)
        for row in db.session.execute(query.order_by(row_id)):
            yield OwnedFile(table.name, row[0], row[1], row[2], row[3], row[4], row[5])


def content_sha256(storage: Storage, key: str) -> str:
    digest = hashlib.sha256()
    with storage.open(key) as stream:
        for chunk in iter(lambda: stream.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class CheckReport:
    checked: int = 0
    missing: list[OwnedFile] = field(default_factory=list)
    damaged: list[OwnedFile] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


def check(storage: Storage, site_id: int, verify: bool = False) -> CheckReport:
    """Rows of the site whose file is missing (or, with ``verify``, whose content's
    SHA-256 differs from the row's), and stored content that no row of any site
    owns.  Reads only."""
    report = CheckReport()
    stored = set(storage.keys())
    for owned in owned_files(site_id):
        report.checked += 1
        if owned.key not in stored:
            report.missing.append(owned)
        elif verify and owned.sha256 and content_sha256(storage, owned.key) != owned.sha256:
            report.damaged.append(owned)
    # content carries no site: whatever no row of any site owns is an orphan
    report.orphans = sorted(stored - {owned.key for owned in owned_files()})
    return report


class _Hashing:
    """Reads a stream through, hashing what passes."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.sha256.update(chunk)
        return chunk


@dataclass
class MigrateReport:
    copied: int = 0
    present: int = 0
    failed: list[str] = field(default_factory=list)


def migrate(source: Storage, target: Storage, echo=lambda line: None) -> MigrateReport:
    """Copy the file of every row from ``source`` to ``target`` under the same key,
    checking the SHA-256 of what was read and of what the target then holds against
    the row's.  A file the target already holds with the right SHA-256 is skipped,
    one it holds wrongly is copied again: after an interruption, run it again."""
    report = MigrateReport()
    seen = set()
    files = list(owned_files())
    db.session.rollback()  # no read transaction stays open while the copies commit
    for owned in files:
        if owned.key in seen:
            continue
        seen.add(owned.key)
        try:
            if target.exists(owned.key):
                if owned.sha256 and content_sha256(target, owned.key) == owned.sha256:
                    report.present += 1
                    continue
                target.discard(owned.key)  # an earlier copy that does not match
            with source.open(owned.key) as stream:
                reading = _Hashing(stream)
                target.write(owned.key, reading)
        except (FileNotFoundError, InvalidKey):
            report.failed.append(owned.key)
            echo(f"missing  {owned.table} {owned.row_id}  {owned.key}: not in the source")
            continue
        expected = owned.sha256 or reading.sha256.hexdigest()
        if reading.sha256.hexdigest() != expected:
            problem = "the source's content does not match the row's SHA-256"
        elif content_sha256(target, owned.key) != expected:
            problem = "the copy does not match the row's SHA-256"
        else:
            report.copied += 1
            echo(f"copied   {owned.key}")
            continue
        target.discard(owned.key)
        report.failed.append(owned.key)
        echo(f"damaged  {owned.table} {owned.row_id}  {owned.key}: {problem}")
    return report


# --- the commands ------------------------------------------------------------------

@click.group("storage")
def storage_group():
    """Stored files: check them, move them to another backend."""


@storage_group.command("check")
@click.option("--site", "site_code", required=True, help="code of the site to check")
@click.option("--verify", is_flag=True, help="also read every file and compare its SHA-256")
@with_appcontext
def check_command(site_code, verify):
    """List files of the site's rows that are missing, and stored files that no row
    owns (read-only; exit status 1 when something is listed)."""
    from core.context import system_context
    from core.sites import SiteError, get_site

    storage = get_storage()
    with system_context(None):
        try:
            site = get_site(site_code)
        except SiteError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        report = check(storage, site.id, verify)
        db.session.rollback()
    for owned in report.missing:
        click.echo(f"missing  {owned.table} {owned.row_id}  {owned.key}  {owned.name}")
    for owned in report.damaged:
        click.echo(f"damaged  {owned.table} {owned.row_id}  {owned.key}  {owned.name}")
    for key in report.orphans:
        click.echo(f"orphan   {key}")
    click.echo(f"Site {site_code}: {report.checked} files in its rows, "
               f"{len(report.missing)} missing"
               + (f", {len(report.damaged)} damaged" if verify else "")
               + f"; {len(report.orphans)} stored files owned by no row "
               f"(of any site) in {storage.describe()}.")
    if report.missing or report.damaged or report.orphans:
        sys.exit(1)


@storage_group.command("migrate")
@click.option("--to", "url", required=True,
              help="the new STORAGE_URL: file:///folder, database or postgresql://…")
@with_appcontext
def migrate_command(url):
    """Copy every row's file to the storage URL names, checking each SHA-256; safe
    to run again after an interruption.  Then set ERP_STORAGE_URL to URL."""
    from core.context import system_context

    source = get_storage()
    try:
        target = storage_from_url(url, current_app)
    except RuntimeError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    if target.describe() == source.describe():
        click.echo(f"Error: {url} is the storage in use already.", err=True)
        sys.exit(1)
    with system_context(None):
        report = migrate(source, target, echo=click.echo)
        db.session.rollback()
    click.echo(f"{report.copied} files copied, {report.present} already there, "
               f"{len(report.failed)} failed, from {source.describe()} "
               f"to {target.describe()}.")
    if report.failed:
        sys.exit(1)
