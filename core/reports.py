"""Figures one addon contributes to another addon's report, neither importing the other.

An addon declares what it contributes in its manifest::

    "report_figures": {"monthly": "reports:monthly_figures"}

The function is called as ``function(site_id, first_day, last_day)`` — the report's
period as site-local dates, both inclusive — inside the caller's session, and returns
a list of :class:`Figure`.  Only addons enabled on the site are asked, so a report
works the same whether or not a contributor is there; it simply has fewer figures.
The figures are computed in SQL by the contributor (aggregates, not Python loops).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app

from core.loader import declared_functions
from core.sites import enabled_addons


@dataclass(frozen=True)
class Figure:
    """One figure of a report: ``key`` is ``<addon>.<name>`` and stable (API, XLSX
    columns); ``label`` is the text people read (marked for translation with ``N_``
    and translated where shown); ``unit`` is ``"CNY"``, ``"person-days"``, … or ""."""

    key: str
    label: str
    value: Decimal | int
    unit: str = ""


def init_app(app, ordered_addons) -> None:
    app.extensions["erp_report_figures"] = declared_functions(ordered_addons,
                                                              "report_figures")


def contributed_figures(report: str, site_id: int, first_day: date,
                        last_day: date) -> list[Figure]:
    """The figures every addon enabled on ``site_id`` contributes to ``report``, in
    the order of the addons (dependencies first)."""
    active = enabled_addons(site_id)
    figures = []
    for addon, function in current_app.extensions.get("erp_report_figures", {}).get(report, []):
        if addon in active:
            figures.extend(function(site_id, first_day, last_day))
    return figures
