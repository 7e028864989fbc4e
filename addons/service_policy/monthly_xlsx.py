"""The monthly service statistics as an XLSX workbook (page, API and command alike)."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.export import neutralise

from .monthly_statistics import DISPATCH_LABELS, QUESTION_LABELS, SLA_LABELS
from .vocab import CATEGORIES, SEVERITIES

BOLD = Font(bold=True)


def _text(vocabulary, code) -> str:
    return str(vocabulary.get(code, code))


def monthly_workbook(figures: dict, site_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = figures["month"]
    rows = [
        [_("Monthly service statistics"), site_name, figures["month"]],
        [_("Period"), figures["first_day"].isoformat(), figures["last_day"].isoformat()],
        [],
        [_("Dispatches and cost"), _("Value")],
    ]
    rows += [[str(label), figures["dispatches"][key]] for key, label in DISPATCH_LABELS.items()]
    rows += [[], [_("Requests by category and severity"), _("Severity"), _("Requests"),
                  str(SLA_LABELS["on_time"]), str(SLA_LABELS["late"]),
                  str(SLA_LABELS["pending"])]]
    rows += [[_text(CATEGORIES, group["category"]), _text(SEVERITIES, group["severity"]),
              group["count"], group["on_time"], group["late"], group["pending"]]
             for group in figures["requests"]]
    sla = figures["sla"]
    rows += [[_("Total"), "", sla["count"], sla["on_time"], sla["late"], sla["pending"]],
             [_("SLA compliance (%)"), sla["compliance_percent"]],
             [], [_("Satisfaction surveys"), _("Average score")],
             [_("Surveys"), figures["surveys"]["count"]]]
    rows += [[str(label), figures["surveys"][key]] for key, label in QUESTION_LABELS.items()]
    rows += [[_("All questions"), figures["surveys"]["average"]]]
    if figures["contributed"]:
        rows += [[], [_("Figures of other modules"), _("Value"), _("Unit")]]
        rows += [[figure["label"], figure["value"], figure["unit"]]
                 for figure in figures["contributed"]]
    for row in rows:
        sheet.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
        if len(row) > 1 and sheet.max_row in (1, 4) or (row and row[0] in (
                _("Requests by category and severity"), _("Satisfaction surveys"),
                _("Figures of other modules"))):
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
    sheet.column_dimensions["A"].width = 40
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
