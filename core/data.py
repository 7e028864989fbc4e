"""Default data an addon ships (manifest ``data``), loaded into a site on enable.

A manifest lists its files::

    "data": ["data/penalty_rule.csv"]

Each file is a CSV named after the table it fills (``penalty_rule.csv`` fills
``penalty_rule``), its header naming the columns.  A row is known by the table's
unique key within a site (``core.indexes.unique_in_site("code")``: its ``code``).
Loading adds the rows a site lacks and never touches the ones it has, so a site's
edits (amounts, names, retired rows) survive, and loading twice adds nothing.

The host loads an addon's data when the addon is enabled on a site, in the
enabling transaction (``core.sites.enable``), and again for every site enabling it
on ``erp db upgrade``: sites enabled before a file (or a row) was shipped get it
with the next deployment.  No read path writes.
"""
from __future__ import annotations

import csv
import datetime
import decimal
import functools
import os

from flask import current_app
from flask_appbuilder import Model
from sqlalchemy import UniqueConstraint, select

from core.extensions import db
from core.models import SiteAddon

TRUE_WORDS = frozenset({"1", "true", "yes", "y"})


class DataFileError(Exception):
    """A data file that cannot be loaded; the message names the addon and the file."""


def _model_of(table_name: str):
    for mapper in Model.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    return None


def _site_key(model) -> tuple[str, ...]:
    """The columns besides ``site_id`` of the table's unique key within a site."""
    for constraint in model.__table__.constraints:
        names = [column.name for column in getattr(constraint, "columns", ())]
        if isinstance(constraint, UniqueConstraint) and "site_id" in names:
            return tuple(name for name in names if name != "site_id")
    return ()


def _convert(column, text: str):
    if text == "":
        return None if column.nullable else text
    kind = column.type.python_type
    if kind is bool:
        return text.strip().lower() in TRUE_WORDS
    if kind is int:
        return int(text)
    if kind is decimal.Decimal:
        return decimal.Decimal(text)
    if kind is datetime.date:
        return datetime.date.fromisoformat(text)
    return text


@functools.lru_cache(maxsize=None)
def read(addon_path: str, relative: str) -> tuple[type, tuple[str, ...], tuple[dict, ...]]:
    """(model, key columns, typed rows) of one data file; :class:`DataFileError` if
    the file names no table with a unique key per site, or a column it lacks."""
    path = os.path.join(addon_path, relative)
    table = os.path.splitext(os.path.basename(relative))[0]
    model = _model_of(table)
    if model is None:
        raise DataFileError(f"data file {path}: there is no table '{table}'")
    key = _site_key(model)
    if not key:
        raise DataFileError(f"data file {path}: table '{table}' has no unique key with "
                            "site_id to match its rows by")
    columns = model.__table__.columns
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            unknown = [name for name in reader.fieldnames or () if name not in columns]
            if unknown or not set(key) <= set(reader.fieldnames or ()):
                raise DataFileError(f"data file {path}: unknown columns {unknown} or no "
                                    f"key columns {list(key)}")
            rows = tuple({name: _convert(columns[name], value) for name, value in row.items()}
                         for row in reader)
    except (OSError, ValueError, decimal.InvalidOperation) as error:
        raise DataFileError(f"data file {path}: {error}") from error
    return model, key, rows


def check(addon) -> None:
    """Read every data file of ``addon`` at start-up: a bad one fails the boot."""
    for relative in addon.get("data") or ():
        read(addon.path, relative)


def load(addon_name: str, site_id: int) -> int:
    """Add the rows of ``addon_name``'s data files that ``site_id`` lacks; returns
    how many.  Flushes, never commits: the caller owns the transaction."""
    addon = current_app.extensions["erp_addons"][addon_name]
    added = 0
    for relative in addon.get("data") or ():
        model, key, rows = read(addon.path, relative)
        # the table, not the entity: rows the actor's scope hides still count
        table = model.__table__
        have = set(db.session.execute(
            select(*[table.c[name] for name in key]).where(table.c.site_id == site_id)
        ).tuples())
        for values in rows:
            if tuple(values[name] for name in key) not in have:
                db.session.add(model(site_id=site_id, **values))
                added += 1
    if added:
        db.session.flush()
    return added


def load_enabled() -> int:
    """Load every addon's data into every site enabling it (``erp db upgrade``)."""
    installed = current_app.extensions["erp_addons"]
    switches = db.session.execute(
        select(SiteAddon.site_id, SiteAddon.addon).where(SiteAddon.enabled.is_(True))
        .order_by(SiteAddon.site_id, SiteAddon.addon)).all()
    return sum(load(name, site_id) for site_id, name in switches if name in installed)
