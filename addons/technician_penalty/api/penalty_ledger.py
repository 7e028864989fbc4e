import tempfile

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wsgi import wrap_file

from core.base import ErpApi, report_endpoint
from core.clock import parse_month, parse_year
from core.extensions import db
from core.models import ErpUser, Site
from core.scope import requested_site_id
from core.storage import content_disposition
from core.workflow import InvalidInput

from ..ledger import month_ledger, payroll_tables, technician_ledger, to_csv, to_xlsx
from ..models.penalty_record import as_id

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(site_id: int, month_text, file_format):
    """The payroll deduction export as an XLSX or CSV download."""
    year, month = parse_month(month_text)
    if file_format not in ("xlsx", "csv"):
        raise InvalidInput({"format": [_("The format is xlsx or csv.")]})
    tables = payroll_tables(site_id, year, month)
    site = db.session.get(Site, site_id)
    name = f"payroll-deductions-{site.code}-{tables.month}.{file_format}"
    if file_format == "xlsx":
        # built in a temporary file while the request holds its database session,
        # then sent from there in chunks: memory stays flat however many lines
        workbook = tempfile.TemporaryFile()
        to_xlsx(tables, workbook)
        workbook.seek(0)
        response = current_app.response_class(wrap_file(request.environ, workbook),
                                              content_type=XLSX_TYPE,
                                              direct_passthrough=True)
    else:
        # the summary read here, in the request; the generator only writes it out
        response = current_app.response_class(to_csv(tables.summary()),
                                              content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def month_ledger_answer(api):
    """The asked month's ledger of the caller's site, a row per technician."""
    site_id = requested_site_id()
    year, month = parse_month(request.args.get("month"))
    rows = month_ledger(site_id, year, month)
    return api.response(200, month=f"{year:04d}-{month:02d}", site_id=site_id,
                        count=len(rows), result=rows)


def technician_ledger_answer(api):
    """The asked year of one technician of the caller's site; 404 for another's."""
    site_id = requested_site_id()
    year = parse_year(request.args.get("year"))
    technician_id = as_id(request.args.get("technician_id"))
    if technician_id is None:
        raise InvalidInput({"technician_id": [_("Which technician? Give "
                                                "technician_id.")]})
    technician = db.session.execute(
        select(ErpUser).where(ErpUser.id == technician_id,
                              ErpUser.site_id == site_id)).scalar_one_or_none()
    if technician is None:
        return api.response_404()
    return api.response(200, result=technician_ledger(site_id, technician, year))


class PenaltyLedgerApi(ErpApi):
    """HR's ledger: computed from the final records of the caller's site."""

    resource_name = "penalty_ledger"
    openapi_spec_tag = "Penalty ledger"

    month = report_endpoint(
        "month", month_ledger_answer, "Per technician fines, rewards and demerits of one month",
        ["required_month", "site_id"], "One row per technician with a final record in the month",
        url="/")
    technician = report_endpoint(
        "technician", technician_ledger_answer,
        "One technician's year: fines and rewards by month, demerits of the year",
        ["{in: query, name: technician_id, required: true, schema: {type: integer}}",
         '{in: query, name: year, required: true, schema: {type: string, example: "2026"}}'],
        "Months, year totals, repeated offences and final records", also_answers=("404",))
    export = report_endpoint(
        "export", lambda self: export_response(requested_site_id(), request.args.get("month"),
                                               request.args.get("format", "xlsx")),
        "The month's payroll deductions as XLSX (summary and records) or CSV",
        ["required_month",
         "{in: query, name: format, schema: {type: string, enum: [xlsx, csv], default: xlsx}}",
         "site_id"],
        "The file, as an attachment", permission="export")
