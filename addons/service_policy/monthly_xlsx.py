"""The monthly service statistics as an XLSX workbook (page, API and command alike)."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from core.export import neutralise

from .monthly_statistics import DISPATCH_LABELS, QUESTION_LABELS, SLA_LABELS
from .vocab import CATEGORIES, SEVERITIES

def _text(vocabulary, code) -> str:
    return str(vocabulary.get(code, code))


def monthly_workbook(figures: dict, site_name: str) -> bytes:
    """One sheet: the dispatches and their cost, the requests with their first
    answers, the surveys, and what other addons contribute; headings in bold."""
    # openpyxl is imported by the downloads, as in the other exports: start-up
    # does not pay for it
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = figures["month"]
    sla, surveys = figures["sla"], figures["surveys"]

    def heading(*cells):
        sheet.append([neutralise(str(cell)) for cell in cells])
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    def line(*cells):
        sheet.append([neutralise(cell) for cell in cells])

    heading(_("Monthly service statistics"), site_name, figures["month"])
    line(_("Period"), figures["first_day"].isoformat(), figures["last_day"].isoformat())
    line()
    heading(_("Dispatches and cost"), _("Value"))
    for key, label in DISPATCH_LABELS.items():
        line(str(label), figures["dispatches"][key])
    line()
    heading(_("Requests by category and severity"), _("Severity"), _("Requests"),
            SLA_LABELS["on_time"], SLA_LABELS["late"], SLA_LABELS["pending"])
    for group in figures["requests"]:
        line(_text(CATEGORIES, group["category"]), _text(SEVERITIES, group["severity"]),
             group["count"], group["on_time"], group["late"], group["pending"])
    line(_("Total"), "", sla["count"], sla["on_time"], sla["late"], sla["pending"])
    line(_("SLA compliance (%)"), sla["compliance_percent"])
    line()
    heading(_("Satisfaction surveys"), _("Average score"))
    line(_("Surveys"), surveys["count"])
    for key, label in QUESTION_LABELS.items():
        line(str(label), surveys[key])
    line(_("All questions"), surveys["average"])
    if figures["contributed"]:
        line()
        heading(_("Figures of other modules"), _("Value"), _("Unit"))
        for figure in figures["contributed"]:
            line(figure["label"], figure["value"], figure["unit"])
    sheet.column_dimensions["A"].width = 40
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
