"""The scoring rules of one site: the settings of [004 制度3 十二] (declared with
their defaults in the manifest).

A closed month keeps the rules it was closed with (``SixsMonthClose.rules``), so a
later change of a site's settings never rewrites figures already handed to HR.
"""
from __future__ import annotations

import dataclasses
import decimal

from core import settings

ADDON = "inspection_6s"
CENT = decimal.Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class Rules:
    points_per_violation: int
    points_from_threshold: int
    violation_threshold: int
    points_per_cleanup_failure: int
    yuan_per_point: decimal.Decimal
    best_count_for_reward: int
    worst_count_for_penalty: int
    best_reward_yuan: decimal.Decimal
    worst_penalty_yuan: decimal.Decimal

    @classmethod
    def for_site(cls, site_id: int) -> "Rules":
        values = {field.name: settings.get(site_id, f"{ADDON}.{field.name}")
                  for field in dataclasses.fields(cls)}
        return cls.from_json(values)

    @classmethod
    def from_json(cls, values: dict) -> "Rules":
        """The rules a month was closed with; a rule it predates has its default."""
        known = {}
        for field in dataclasses.fields(cls):
            value = values.get(field.name)
            if value is None:
                value = settings.default(f"{ADDON}.{field.name}")
            if field.type in ("decimal.Decimal",):
                value = decimal.Decimal(str(value)).quantize(CENT)
            else:
                value = int(value)
            known[field.name] = value
        return cls(**known)

    def as_json(self) -> dict:
        return {key: str(value) if isinstance(value, decimal.Decimal) else value
                for key, value in dataclasses.asdict(self).items()}

    # money as whole cents, so that SQL computes it exactly on every database
    @staticmethod
    def cents(amount: decimal.Decimal) -> int:
        return int((amount * 100).to_integral_value(rounding=decimal.ROUND_HALF_UP))


def yuan(cents) -> decimal.Decimal:
    return (decimal.Decimal(int(cents or 0)) / 100).quantize(CENT)

