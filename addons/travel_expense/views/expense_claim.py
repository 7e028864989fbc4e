from flask import url_for
from flask_appbuilder.models.sqla.filters import FilterInFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from core.base import ErpModelView
from core.scope import current_scope
from core.sites import enabled_addons
from core.workflow import N_

from ..models import ExpenseClaim
from ..vocab import (FINANCE_APPROVED, MANAGER_APPROVED, ORGANISATIONS, STATES, SUBMITTED)

CLAIM_LABELS = {
    "id": _l("Expense claim"),
    "claimant": _l("Who travelled"),
    "destination": _l("Destination"),
    "trip_start": _l("First day of the trip"),
    "trip_end": _l("Last day of the trip"),
    "trip_days": _l("Person-days"),
    "purpose": _l("Purpose of the trip"),
    "dispatch_ids": _l("Dispatches served"),
    "organisation": _l("Employed by"),
    "organisation_text": _l("Employed by"),
    "state": _l("State"),
    "state_text": _l("State"),
    "total": _l("Total (yuan)"),
    "reimbursable_total": _l("Reimbursable (yuan)"),
    "flagged_lines": _l("Flagged lines"),
    "submitted_at": _l("Submitted at"),
    "manager_approver": _l("Approved by (manager)"),
    "manager_approved_at": _l("Manager approved at"),
    "finance_approver": _l("Approved by (finance)"),
    "finance_approved_at": _l("Finance approved at"),
    "paid_at": _l("Paid at"),
    "rejected_at": _l("Rejected at"),
    "reject_reason": _l("Reason of the rejection"),
    "fraud": _l("Found fraudulent"),
}
LIST_COLUMNS = ["id", "claimant", "destination", "trip_start", "trip_end", "total",
                "flagged_lines", "state"]
SHOW_COLUMNS = ["id", "claimant", "organisation", "destination", "trip_start", "trip_end",
                "trip_days", "purpose", "dispatch_ids", "state", "total",
                "reimbursable_total", "submitted_at", "manager_approver",
                "manager_approved_at", "finance_approver", "finance_approved_at", "paid_at",
                "rejected_at", "reject_reason", "fraud"]
TRIP_COLUMNS = ["destination", "trip_start", "trip_end", "purpose", "dispatch_ids"]


def dispatch_links(value) -> Markup | str:
    """The dispatches as links to service_policy's pages when that addon is enabled
    on the user's site (found by endpoint name: nothing is imported), else as ids."""
    numbers = [part for part in (value or "").split(",") if part]
    if not numbers:
        return ""
    scope = current_scope()
    linked = scope is not None and scope.site_id is not None and \
        "service_policy" in enabled_addons(scope.site_id)
    parts = []
    for number in numbers:
        try:
            if not linked:
                raise BuildError("ServiceDispatchView.show", {}, ("GET",))
            parts.append(f'<a href="{escape(url_for("ServiceDispatchView.show", pk=number))}">'
                         f"#{escape(number)}</a>")
        except BuildError:
            parts.append(f"#{escape(number)}")
    return Markup(", ".join(parts))


class ClaimPages:
    show_template = "travel_expense/claim_show.html"
    datamodel = SQLAInterface(ExpenseClaim)
    value_labels = {"state": STATES, "organisation": ORGANISATIONS}
    list_columns = LIST_COLUMNS
    show_columns = SHOW_COLUMNS
    label_columns = CLAIM_LABELS
    formatters_columns = {"dispatch_ids": dispatch_links}
    order_columns = ["id", "trip_start", "trip_end", "destination", "state"]


class ExpenseClaimView(ClaimPages, ErpModelView):
    """Claims of the site (a technician: their own), filed by the person who travelled."""

    base_permissions = ["can_list", "can_show", "can_add", "can_edit", "can_transition"]
    titles = (N_("Travel-expense claims"), N_("Travel-expense claim"),
              N_("File a travel-expense claim"), N_("Edit a travel-expense claim"))
    add_columns = edit_columns = TRIP_COLUMNS
    description_columns = {
        "dispatch_ids": _l("The numbers of the service dispatches this trip served, "
                           "for example 12, 15."),
        "destination": _l("The city the trip went to, for example 佛山."),
    }
    form_examples = {"dispatch_ids": "", "destination": "佛山"}
    search_columns = ["claimant", "destination", "state", "trip_start"]


class ExpenseApprovalView(ClaimPages, ErpModelView):
    """The service manager's queue: submitted claims, oldest trip first."""

    base_permissions = ["can_list", "can_show", "can_transition"]
    base_filters = [["state", FilterInFunction, lambda: [SUBMITTED]]]
    titles = (N_("Claims awaiting the manager"), N_("Travel-expense claim"))
    search_columns = ["claimant", "destination", "trip_start"]
    base_order = ("trip_start", "asc")


class ExpenseFinanceView(ClaimPages, ErpModelView):
    """Finance's queue: claims approved by the manager, and those approved by finance
    that wait for payment."""

    base_permissions = ["can_list", "can_show", "can_transition"]
    base_filters = [["state", FilterInFunction,
                     lambda: [MANAGER_APPROVED, FINANCE_APPROVED]]]
    titles = (N_("Claims awaiting finance"), N_("Travel-expense claim"))
    search_columns = ["claimant", "destination", "state", "trip_start"]
    base_order = ("trip_start", "asc")
