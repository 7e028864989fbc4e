from flask_appbuilder.models.sqla.filters import FilterInFunction
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField
from wtforms.validators import Optional

from core.base import ErpModelView, page_endpoint
from core.forms import users_in_role
from core.workflow import N_

from ..models import PenaltyRecord
from ..models.penalty_record import APPEALED, DECISION_KEYS, SOURCE_KINDS, STATES, VERIFIED
from ..models.penalty_rule import ALLOWANCE_FORFEIT, SANCTION_KINDS

RECORD_LABELS = {
    "id": _l("Record"),
    "technician": _l("Technician"),
    "rule": _l("Rule"),
    "occurred_at": _l("Occurred at"),
    "evidence": _l("Evidence"),
    "amount": _l("Amount (yuan)"),
    "source_text": _l("Source"),
    "source_ref": _l("Source reference"),
    "source_id": _l("Source row"),
    "sanction_text": _l("Proposed sanction"),
    "final_text": _l("Decided sanction"),
    "state_text": _l("State"),
    "month": _l("Counts for month"),
    "verified_at": _l("Verified at"),
    "decided_at": _l("HR decided at"),
    "decision_reason": _l("Reason of the decision"),
    "appeal_last_day": _l("Last day to appeal"),
    "appealed_at": _l("Appealed at"),
    "appeal_reason": _l("Grounds of the appeal"),
    "appeal_decided_at": _l("Appeal decided at"),
    "appeal_decision_reason": _l("Reason of the appeal decision"),
    "file_name": _l("Evidence file"),
    "state": _l("State"),
    "source_kind": _l("Source"),
}
LIST_COLUMNS = ["id", "technician", "rule", "occurred_at", "sanction_text", "final_text",
                "state_text"]
SHOW_COLUMNS = ["id", "technician", "rule", "occurred_at", "month", "evidence", "file_name",
                "source_text", "source_id", "sanction_text", "state_text",
                "verified_at", "final_text", "decided_at", "decision_reason",
                "appeal_last_day", "appealed_at", "appeal_reason", "appeal_decided_at",
                "appeal_decision_reason"]
PROPOSAL_COLUMNS = ["technician", "rule", "occurred_at", "evidence", "amount"]


def decision_fields(item, action: str) -> list[str]:
    """Which parts of HR's decision the transition form asks for."""
    if action == "hr_approve" and item.sanction == ALLOWANCE_FORFEIT:
        return ["phone_option"]
    if action in ("hr_change", "hr_amend"):
        return ["sanction", "amount", "quantity"]
    return []


class DecisionTransitions:
    """The show page's transition form, with HR's decision where it needs one, and
    the evidence file's download."""

    transition_template = "technician_penalty/transition.html"

    def transition_asks(self, item, transition) -> bool:
        return transition.needs_reason or bool(decision_fields(item, transition.name))

    def transition_context(self, item, action: str) -> dict:
        return {"fields": decision_fields(item, action), "sanction_kinds": SANCTION_KINDS}

    def pre_transition(self, item, action: str, form) -> None:
        item.pending_decision = {key: form[key] for key in DECISION_KEYS if form.get(key)}

    @page_endpoint("/evidence/<int:pk>")
    def evidence(self, pk):
        """The record's evidence file, for whoever may see the record."""
        return self.row_or_404(pk).file_response()


class PenaltyRecordView(DecisionTransitions, ErpModelView):
    """Every record of the site (a technician: only theirs), with its actions."""

    show_template = "technician_penalty/show.html"
    datamodel = SQLAInterface(PenaltyRecord)
    base_permissions = ["can_list", "can_show", "can_add", "can_edit", "can_transition",
                        "can_evidence"]
    titles = (N_("Penalty records"), N_("Penalty record"), N_("Propose a penalty or reward"),
              N_("Edit a proposed record"))
    value_labels = {"state": STATES, "source_kind": SOURCE_KINDS}
    list_columns = LIST_COLUMNS
    show_columns = SHOW_COLUMNS
    add_columns = edit_columns = PROPOSAL_COLUMNS
    choice_filters = {"technician": users_in_role("Technician")}
    # empty: the rule's amount (a rule with a fixed amount refuses another one)
    add_form_extra_fields = edit_form_extra_fields = {"amount": DecimalField(
        RECORD_LABELS["amount"], validators=[Optional()], widget=BS3TextFieldWidget(),
        description=_l("Only for a rule without a fixed amount; empty: the rule's."))}
    form_examples = {"amount": ""}
    search_columns = ["technician", "rule", "state", "source_kind", "occurred_at"]
    label_columns = RECORD_LABELS


class PenaltyReviewView(DecisionTransitions, ErpModelView):
    """HR's queue: records verified by the service manager and appeals to decide."""

    show_template = "technician_penalty/show.html"
    datamodel = SQLAInterface(PenaltyRecord)
    base_permissions = ["can_list", "can_show", "can_transition", "can_evidence"]
    base_filters = [["state", FilterInFunction, lambda: [VERIFIED, APPEALED]]]
    titles = (N_("Awaiting HR review"), N_("Penalty record"))
    menu_name = N_("HR review queue")
    value_labels = {"state": STATES, "source_kind": SOURCE_KINDS}
    list_columns = LIST_COLUMNS
    show_columns = SHOW_COLUMNS
    search_columns = ["technician", "rule", "state"]
    base_order = ("occurred_at", "asc")
    label_columns = RECORD_LABELS
