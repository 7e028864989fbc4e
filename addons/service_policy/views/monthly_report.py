"""The monthly service statistics: a page with charts and the XLSX, and the list of
reports produced on the 4th, sent by the 5th."""
from __future__ import annotations

from flask import Response, request
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core import clock
from core.base import ErpPage, page_endpoint
from core.localtime import local_datetime
from core.export import XLSX_TYPE
from core.extensions import db
from core.models import Site
from core.scope import requested_site_id
from core.storage import content_disposition
from core.workflow import N_, InvalidInput

from ..common import LABELS
from ..models import MonthlyReport
from ..monthly_statistics import (DISPATCH_LABELS, QUESTION_LABELS, SLA_LABELS,
                                  monthly_figures)
from ..monthly_xlsx import monthly_workbook
from ..vocab import CATEGORIES, SEVERITIES
from .common import ServiceModelView

REPORT_STATES = {"produced": _l("Produced"), "sent": _l("Sent")}
#: units of the figures other addons contribute (core.reports.Figure.unit)
UNIT_LABELS = {"CNY": _l("yuan"), "person-days": _l("person-days"),
               "person-times": _l("person-times"), "": ""}


def charts(figures: dict) -> dict:
    """The page's bar charts, from the figures (already aggregated by the database)."""
    by_category, by_severity = {}, {}
    for group in figures["requests"]:
        by_category[group["category"]] = by_category.get(group["category"], 0) + group["count"]
        by_severity[group["severity"]] = by_severity.get(group["severity"], 0) + group["count"]
    dispatches = figures["dispatches"]
    return {
        "cost": [{"label": DISPATCH_LABELS[key], "value": dispatches[key]}
                 for key in ("labour_cost", "material_cost", "transport_cost",
                             "contract_installation_cost", "total_cost")],
        "sla": [{"label": label, "value": figures["sla"][key]}
                for key, label in SLA_LABELS.items()],
        "by_category": [{"label": CATEGORIES.get(key, key), "value": value}
                        for key, value in by_category.items()],
        "by_severity": [{"label": SEVERITIES.get(key, key), "value": value}
                        for key, value in by_severity.items()],
        "surveys": [{"label": label, "value": figures["surveys"][key]}
                    for key, label in QUESTION_LABELS.items()],
    }


class MonthlyReportView(ServiceModelView):
    titles = (N_("Monthly reports"), N_("Monthly report"))
    datamodel = SQLAInterface(MonthlyReport)
    base_permissions = ["can_list", "can_show", "can_send", "can_transition"]
    value_labels = {"state": REPORT_STATES}
    list_columns = ["month", "state", "produced_at", "sent_at", "sent_by", "late"]
    show_columns = list_columns + ["version"]
    search_columns = ["month", "state", "late"]
    label_columns = {**LABELS, "month": _l("Month"), "produced_at": _l("Produced at"),
                     "sent_at": _l("Sent at"), "sent_by": _l("Sent by"),
                     "late": _l("Not sent by the 5th")}


def xlsx_response(figures: dict, site_id: int) -> Response:
    site = db.session.get(Site, site_id)
    body = monthly_workbook(figures, site.name)
    name = f"{site.code}-monthly-{figures['month']}.xlsx"
    return Response(body, mimetype=XLSX_TYPE, headers={
        "Content-Disposition": content_disposition(name),
        "Content-Length": str(len(body))})


class MonthlyStatisticsView(ErpPage):
    titles = (N_("Monthly statistics"),)
    route_base = "/monthly_statistics"

    def _for_the_month_asked(self, answer):
        """``answer(site_id, month)`` for the site and the month asked for, or the page
        again with what is wrong with them."""
        try:
            site_id = requested_site_id()
            month = clock.requested_month(site_id)
        except InvalidInput as error:
            return self.render_template("service_policy/monthly_statistics.html",
                                        errors=error.messages, figures=None,
                                        month=request.args.get("month", "")[:20]), 422
        return answer(site_id, month)

    @page_endpoint("/")
    def index(self):
        return self._for_the_month_asked(self._statistics_page)

    @page_endpoint("/xlsx")
    def xlsx(self):
        return self._for_the_month_asked(
            lambda site_id, month: xlsx_response(monthly_figures(site_id, month), site_id))

    def _statistics_page(self, site_id: int, month: str):
        figures = monthly_figures(site_id, month)
        report = db.session.execute(db.select(MonthlyReport).where(
            MonthlyReport.site_id == site_id, MonthlyReport.month == month)).scalar()
        site_query = f"&site_id={site_id}" if request.args.get("site_id") else ""
        return self.render_template(
            "service_policy/monthly_statistics.html", errors=None, month=month,
            figures=figures, report=report, charts=charts(figures), unit_labels=UNIT_LABELS,
            produced_at=local_datetime(report.produced_at) if report else "",
            dispatch_labels=DISPATCH_LABELS, question_labels=QUESTION_LABELS,
            sla_labels=SLA_LABELS, categories=CATEGORIES, severities=SEVERITIES,
            previous=clock.shift_month(month, -1), next=clock.shift_month(month, 1),
            site_query=site_query, title=_l("Monthly service statistics"))
