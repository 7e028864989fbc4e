from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.workflow import N_

from ..models import ContractClaim
from ..models.contract_claim import CLAIMANTS
from .common import ContractRecordView


class ContractClaimView(ContractRecordView):
    datamodel = SQLAInterface(ContractClaim)
    titles = (N_("Contract claims"), N_("Contract claim"), N_("New contract claim"),
              N_("Edit a contract claim"))
    value_labels = {**ContractRecordView.value_labels, "claimant": CLAIMANTS}
    label_columns = {
        **ContractRecordView.label_columns,
        "number": _l("Claim number"),
        "claimant": _l("Who claims"),
        "claimant_text": _l("Who claims"),
        "amount_claimed": _l("Amount claimed"),
        "amount_approved": _l("Amount approved"),
    }
    list_columns = ["number", "contract", "claimant", "amount_claimed", "amount_approved",
                    "state"]
    show_columns = ["number", "contract", "description", "claimant_text", "amount_claimed",
                    "amount_approved", "state_text", "submitted_at", "decided_at",
                    "decision_reason"]
    add_columns = ["contract", "number", "description", "claimant", "amount_claimed"]
    edit_columns = add_columns + ["amount_approved"]
    form_examples = {"number": "SP-{n}", "amount_approved": ""}
