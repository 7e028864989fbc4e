"""The default checklist: the seed's concrete 6S rules [004 制度3 四], shipped as
``data/checklist.csv`` (code, area, S, seed reference, Chinese text, English).

``ensure_default_checklist(site_id)`` adds the items a site does not have yet (by
code) and never touches existing ones, so a site's edits and retirements stay.
It runs from the demo hook, from the daily ``load_checklist`` job, and the first
time a site lists its checklist — so a site that enables the addon has its
checklist without anybody running a command.
"""
from __future__ import annotations

import csv
import functools
import os

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.context import system_context
from core.extensions import db

from .models import SixsChecklistItem

DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "checklist.csv")


@functools.lru_cache(maxsize=1)
def default_items() -> tuple[dict, ...]:
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle))


def ensure_default_checklist(site_id: int) -> int:
    """Add the default items the site lacks; returns how many were added."""
    existing = set(db.session.execute(
        select(SixsChecklistItem.code).where(SixsChecklistItem.site_id == site_id)
    ).scalars())
    added = 0
    for row in default_items():
        if row["code"] in existing:
            continue
        db.session.add(SixsChecklistItem(
            site_id=site_id, code=row["code"], area=row["area"], s_type=row["s_type"],
            ref=row["ref"] or None, text_zh=row["text_zh"], text_en=row["text_en"],
            state="active"))
        added += 1
    if added:
        db.session.flush()
    return added


def ensure_on_first_listing(site_id: int | None) -> None:
    """The first time a site lists its checklist and has none, load the default
    one as the system (a request of any role may be the first) and commit."""
    if site_id is None:
        return
    count = db.session.execute(
        select(func.count()).select_from(SixsChecklistItem)
        .where(SixsChecklistItem.site_id == site_id)).scalar()
    if count:
        return
    try:
        with system_context(site_id):
            ensure_default_checklist(site_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent first listing loaded it: fine
