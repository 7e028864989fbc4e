from flask import flash, redirect, request, url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from core.base import ErpModelView, file_pages, page_endpoint
from core.context import request_principal
from core.forms import flash_refusal
from core.scope import ScopeViolation
from core.workflow import N_, InvalidInput, TransitionRefused

from ..api.expense_line import RECEIPT_TYPES
from ..models import ExpenseClaim, ExpenseLine
from ..vocab import COST_BEARERS, EDITABLE, KINDS

LINE_LABELS = {
    "id": _l("Expense line"),
    "claim": _l("Expense claim"),
    "kind": _l("Kind"),
    "spent_on": _l("Date on the receipt"),
    "city": _l("City on the receipt"),
    "amount": _l("Amount (yuan)"),
    "invoice_number": _l("Invoice number"),
    "note": _l("Note"),
    "cost_bearer": _l("Cost borne by"),
    "reimbursable": _l("Reimbursable"),
    "file_name": _l("Receipt"),
    "override_reason": _l("Reason of the manager's override"),
    "overridden_by": _l("Overridden by"),
    "overridden_at": _l("Overridden at"),
    "claim_state_text": _l("State of the claim"),
}
LINE_COLUMNS = ["kind", "spent_on", "city", "amount", "invoice_number", "note"]


def own_open_claims(query):
    """The claims a person adds lines to: their own, while draft or rejected."""
    user = request_principal()
    query = query.filter(ExpenseClaim.state.in_(EDITABLE))
    if user is not None:
        query = query.filter(ExpenseClaim.claimant_id == user.id)
    return query.order_by(ExpenseClaim.trip_start.desc(), ExpenseClaim.id.desc())


class ExpenseLineView(ErpModelView):
    """One line of a claim: its receipt is picked and stored on its page, where its
    flags are shown; a manager overrides a city mismatch there, giving a reason."""

    show_template = "travel_expense/line_show.html"
    datamodel = SQLAInterface(ExpenseLine)
    base_permissions = ["can_list", "can_show", "can_add", "can_edit", "can_delete",
                        "can_receipt", "can_store_receipt", "can_override"]
    titles = (N_("Expense lines"), N_("Expense line"), N_("Add an expense line"),
              N_("Edit an expense line"))
    value_labels = {"kind": KINDS, "cost_bearer": COST_BEARERS}
    list_columns = ["claim", "spent_on", "kind", "city", "amount", "invoice_number",
                    "reimbursable"]
    show_columns = ["claim", "claim_state_text", "kind", "spent_on", "city", "amount",
                    "invoice_number", "note", "cost_bearer", "reimbursable", "file_name",
                    "override_reason", "overridden_by", "overridden_at"]
    add_columns = ["claim"] + LINE_COLUMNS
    edit_columns = LINE_COLUMNS
    label_columns = LINE_LABELS
    description_columns = {
        "city": _l("The city printed on the receipt, for example 佛山."),
        "invoice_number": _l("The number printed on the invoice (发票号码)."),
    }
    choice_filters = {"claim": own_open_claims}
    form_examples = {"city": "佛山", "invoice_number": "INV-{n}", "amount": "120.00"}
    search_columns = ["claim", "kind", "spent_on", "city", "invoice_number"]
    order_columns = ["spent_on", "kind", "amount", "city"]

    receipt, store_receipt = file_pages("receipt", "receipt", "store_receipt", RECEIPT_TYPES,
                                        _l("The receipt %(name)s is stored."))

    @page_endpoint("/override/<int:pk>", methods=("GET", "POST"), permission="override")
    def override(self, pk):
        """A manager reimburses a receipt from another city: the form asks why."""
        item = self.row_or_404(pk)
        status = 200
        if request.method == "POST":
            try:
                item.override(request.form.get("reason"))
                self.datamodel.session.commit()
                flash(_("The city mismatch is overridden; the line is reimbursed."),
                      "success")
                return redirect(url_for("ExpenseApprovalView.show", pk=item.claim_id)
                                if self.appbuilder.sm.has_access("can_show",
                                                                 "ExpenseApprovalView")
                                else url_for(f"{self.endpoint}.show", pk=pk))
            except (InvalidInput, TransitionRefused, ScopeViolation, StaleDataError) as error:
                self.datamodel.session.rollback()
                item = self.row_or_404(pk)
                flash_refusal(error)
                status = 422 if isinstance(error, InvalidInput) else 409
        return self.render_template("travel_expense/override.html", item=item, pk=pk,
                                    endpoint=self.endpoint, title=self.show_title), status
