"""The monthly service statistics (``GET /api/v1/report/monthly``) and the reports
produced for each month (``monthly_report``, sent with ``POST …/<id>/send``)."""
from __future__ import annotations

from flask import request
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpApi, ErpModelRestApi, report_endpoint
from core.clock import requested_month
from core.scope import requested_site_id
from core.workflow import InvalidInput

from ..models import MonthlyReport
from ..monthly_statistics import as_json, monthly_figures
from ..vocab import code_problem
from ..views.monthly_report import xlsx_response

FORMATS = ("json", "xlsx")


class MonthlyReportApi(ErpModelRestApi):
    resource_name = "monthly_report"
    datamodel = SQLAInterface(MonthlyReport)
    base_permissions = ["can_get", "can_info", "can_send"]
    list_columns = show_columns = ["id", "site_id", "month", "state", "produced_at",
                                   "figures", "sent_at", "sent_by_id", "late", "version"]
    search_columns = ["month", "state", "late"]


def monthly_statistics(api):
    """The month's figures of the asked site, as JSON or as the XLSX workbook
    (``format=xlsx``)."""
    site_id = requested_site_id()
    month = requested_month(site_id)
    fmt = request.args.get("format") or "json"
    problem = code_problem(fmt, "format", FORMATS)
    if problem:
        raise InvalidInput(problem)
    figures = monthly_figures(site_id, month)
    if fmt == "xlsx":
        return xlsx_response(figures, site_id)
    return api.response(200, **as_json(figures))


class MonthlyStatisticsApi(ErpApi):
    """The monthly service statistics of the caller's site [003 二.5.4]."""

    resource_name = "report"
    openapi_spec_tag = "Monthly statistics"

    monthly = report_endpoint(
        "monthly", monthly_statistics,
        "Dispatches and their cost, requests, SLA and surveys of a month",
        ["month", "format", "site_id"],
        "site_id, month, first_day, last_day, dispatches (person_times, person_days, "
        "labour_cost, material_cost, transport_cost, contract_installation_cost, "
        "total_cost), requests (category, severity, count, on_time, late, pending), sla, "
        "surveys, contributed (key, label, value, unit); or the XLSX workbook")
