from flask import abort, flash, request
from sqlalchemy import select

from core.base import ErpPage, page_endpoint
from core.extensions import db
from core.workflow import N_, InvalidInput

from .. import reports
from ..api.contract_report import report_of, xlsx_response
from ..models import Contract

NAMES = tuple(reports.REPORTS)


class ContractReportView(ErpPage):
    """The three contract reports of the site, or of one contract, with XLSX files.
    The page shows the first ``reports.PAGE_ROWS`` rows of each table (the totals
    are of all of them); the file has every row."""

    titles = (N_("Contract reports"),)
    route_base = "/contract_report"

    @page_endpoint("/")
    def index(self):
        args = request.args
        try:
            results = {name: report_of(name, args) for name in NAMES}
        except InvalidInput as error:
            for messages in error.messages.values():
                for message in messages:
                    flash(str(message), "danger")
            args = {}
            try:
                results = {name: report_of(name, args) for name in NAMES}
            except InvalidInput:
                abort(404)  # a system admin without a site
        contract = next(iter(results.values()))[1]
        # the picker shows a contract's number and title: not whole rows, of which a
        # site may have 100,000
        contracts = db.session.execute(select(Contract.id, Contract.number, Contract.title)
                                       .order_by(Contract.number)).all()
        return self.render_template(
            "contract_archive/reports.html", contract=contract, contracts=contracts,
            results={name: report.result(limit=reports.PAGE_ROWS)
                     for name, (_site, _contract, report) in results.items()},
            titles=reports.titles(), columns={name: reports.columns(name) for name in NAMES},
            change_columns=reports.change_columns())

    @page_endpoint("/xlsx")
    def xlsx(self):
        """``?report=payments|changes|budget`` (and ``contract_id``) as an XLSX file."""
        name = request.args.get("report")
        if name not in NAMES:
            abort(404)
        try:
            site_id, contract, report = report_of(name, request.args)
        except InvalidInput:
            abort(404)
        return xlsx_response(site_id, contract, report)
