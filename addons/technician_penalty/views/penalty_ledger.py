from flask import abort, request
from sqlalchemy import select

from core.base import ErpPage, page_endpoint
from core.clock import parse_month, parse_year, this_month
from core.extensions import db
from core.forms import flash_refusal
from core.models import ErpUser
from core.scope import requested_site_id
from core.workflow import N_, InvalidInput

from ..api.penalty_ledger import export_response
from ..ledger import month_ledger, technician_ledger


class PenaltyLedgerView(ErpPage):
    """HR's ledger pages: a month of all technicians, a year of one, the export."""

    titles = (N_("Penalty ledger"),)
    route_base = "/penalty_ledger"

    def _site(self):
        try:
            return requested_site_id()
        except InvalidInput:
            abort(404)

    @page_endpoint("/")
    def index(self):
        site_id = self._site()
        month = request.args.get("month") or this_month(site_id)
        try:
            year, number = parse_month(month)
            rows = month_ledger(site_id, year, number)
        except InvalidInput as error:
            flash_refusal(error)
            month, rows = this_month(site_id), []
            year = int(month[:4])
        return self.render_template("technician_penalty/ledger.html", month=month,
                                    year=year, rows=rows)

    @page_endpoint("/technician/<int:technician_id>")
    def technician(self, technician_id):
        site_id = self._site()
        technician = db.session.execute(
            select(ErpUser).where(ErpUser.id == technician_id,
                                  ErpUser.site_id == site_id)).scalar_one_or_none()
        if technician is None:
            abort(404)
        try:
            year = parse_year(request.args.get("year") or this_month(site_id)[:4])
        except InvalidInput:
            abort(400)
        return self.render_template("technician_penalty/technician.html",
                                    ledger=technician_ledger(site_id, technician, year))

    @page_endpoint("/export")
    def export(self):
        try:
            return export_response(self._site(), request.args.get("month"),
                                   request.args.get("format", "xlsx"))
        except InvalidInput:
            abort(400)
