"""The default rule catalogue (``data/penalty_rule.csv``) seeded per site.

Seeding adds the rules a site does not have yet, by code, and never touches the
ones it has: a site's edits (amounts, names, retired rules) survive every re-run.
It runs from the demo hook and on first use (the rule and record pages and APIs,
and every event listener), so a site that enables the addon finds its catalogue.
"""
from __future__ import annotations

import csv
import decimal
import os

from sqlalchemy import select

from core.extensions import db

from .models import PenaltyRule

DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "penalty_rule.csv")


def default_rules() -> list[dict]:
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        return [{"code": row["code"], "sanction": row["sanction"],
                 "amount": decimal.Decimal(row["amount"]), "quantity": int(row["quantity"]),
                 "variable_amount": row["variable_amount"] == "1", "name": row["name"],
                 "name_zh": row["name_zh"], "reference": row["reference"]}
                for row in csv.DictReader(handle)]


def ensure_rules(site_id: int | None) -> int:
    """Add the default rules missing on ``site_id``; returns how many were added.
    Flushes, never commits (the caller owns the transaction)."""
    if site_id is None:
        return 0
    have = set(db.session.execute(
        select(PenaltyRule.code).where(PenaltyRule.site_id == site_id)).scalars())
    added = 0
    for values in default_rules():
        if values["code"] not in have:
            db.session.add(PenaltyRule(site_id=site_id, **values))
            added += 1
    if added:
        db.session.flush()
    return added


def rule_by_code(site_id: int, code: str) -> PenaltyRule | None:
    ensure_rules(site_id)
    return db.session.execute(
        select(PenaltyRule).where(PenaltyRule.site_id == site_id,
                                  PenaltyRule.code == code)).scalar_one_or_none()
