from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from ..models import ContractClaim
from ..models.contract_claim import CLAIMANTS
from ..models.decision import STATES
from .common import ContractModelView

LABELS = {
    "contract": _l("Contract"), "number": _l("Claim number"),
    "description": _l("Particulars"), "claimant": _l("Who claims"),
    "claimant_text": _l("Who claims"), "amount_claimed": _l("Amount claimed"),
    "amount_approved": _l("Amount approved"), "state": _l("State"),
    "state_text": _l("State"), "submitted_at": _l("Submitted at"),
    "decided_at": _l("Decided at"), "decision_reason": _l("Approval opinion"),
}


class ContractClaimView(ContractModelView):
    datamodel = SQLAInterface(ContractClaim)
    list_title = _l("Contract claims")
    show_title = _l("Contract claim")
    add_title = _l("New contract claim")
    edit_title = _l("Edit a contract claim")
    value_labels = {"state": STATES, "claimant": CLAIMANTS}
    label_columns = LABELS
    list_columns = ["number", "contract", "claimant", "amount_claimed", "amount_approved",
                    "state"]
    show_columns = ["number", "contract", "description", "claimant_text", "amount_claimed",
                    "amount_approved", "state_text", "submitted_at", "decided_at",
                    "decision_reason"]
    add_columns = ["contract", "number", "description", "claimant", "amount_claimed"]
    edit_columns = add_columns + ["amount_approved"]
    search_columns = ["contract", "number", "state"]
    base_order = ("id", "desc")
    form_examples = {"number": "SP-{n}", "amount_approved": ""}
