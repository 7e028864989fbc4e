import tempfile

from flask import request
from flask_babel import gettext as _

from core.base import ErpApi, report_endpoint
from core.export import SPOOL_BYTES, XLSX_TYPE, json_file, spooled_response
from core.extensions import db
from core.models import Site
from core.scope import requested_site_id
from core.storage import content_disposition
from core.workflow import InvalidInput

from .. import archive, reports
from ..models import Contract


def report_of(name: str, args):
    """(site_id, contract or None, the report, not yet read) for the request's
    arguments."""
    site_id = requested_site_id()
    contract = None
    contract_id = archive._id(args.get("contract_id"), "contract_id", required=False)
    if contract_id is not None:
        contract = db.session.get(Contract, contract_id)
        if contract is None or contract.site_id != site_id:
            raise InvalidInput({"contract_id": [_("Choose a contract of your site.")]})
    fmt = args.get("format") or "json"
    if fmt not in ("json", "xlsx"):
        raise InvalidInput({"format": [_("The format is json or xlsx.")]})
    return site_id, contract, reports.REPORTS[name](site_id, contract_id)


def xlsx_response(site_id: int, contract, report):
    """The report as an XLSX download: written now, while the request holds its
    session and scope, into a temporary file (on disk beyond a few MB), then sent
    from there in chunks."""
    site = db.session.get(Site, site_id)
    stem = f"contract-{report.name}-{site.code}" + (f"-{contract.number}" if contract else "")
    workbook = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    reports.to_xlsx(report, workbook)
    response = spooled_response(workbook, XLSX_TYPE)
    response.headers["Content-Disposition"] = content_disposition(stem + ".xlsx")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def json_response(site_id: int, contract, report):
    """The report as its JSON answer, the document ``BaseApi.response`` would make
    of all its lines (the same bytes), written line by line into a spooled file now,
    while the request holds its session and scope, then sent from there in chunks:
    the rows of 100,000 contracts are never all in memory."""
    document = {"site_id": site_id, "contract_id": contract.id if contract else None,
                **report.tables()}
    return spooled_response(json_file(document, reports.as_json),
                            "application/json; charset=utf-8")


#: the query parameters of every contract report
REPORT_PARAMETERS = ["{in: query, name: contract_id, schema: {type: integer}}", "site_id",
                     "format"]


def contract_report_endpoint(name: str, title: str, answered: str):
    """``GET /api/v1/contract_report/<name>``: report ``name`` of ``reports.REPORTS``."""
    return report_endpoint(name, lambda self: self._report(name), title, REPORT_PARAMETERS,
                           answered)


class ContractReportApi(ErpApi):
    """The contract reports of the caller's site, of all its contracts or of one
    (``contract_id``), as JSON or as an XLSX file (``format=xlsx``)."""

    resource_name = "contract_report"
    openapi_spec_tag = "Contract reports"

    def _report(self, name):
        site_id, contract, report = report_of(name, request.args)
        if request.args.get("format") == "xlsx":
            return xlsx_response(site_id, contract, report)
        return json_response(site_id, contract, report)

    payments = contract_report_endpoint(
        "payments", "Contract payment summary (合同支付汇总表)",
        "Per contract: amount, planned, paid, to pay, overdue")
    changes = contract_report_endpoint(
        "changes", "Approved change summary (批准变更汇总表)",
        "Per contract: approved changes, and each change")
    budget = contract_report_endpoint(
        "budget", "Contract expenditure budget against actual payments (合同支出预算表)",
        "Per contract and month: budget, actual, difference")
