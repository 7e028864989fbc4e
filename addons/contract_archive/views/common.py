"""What every page of this addon shares."""
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView

from ..models.decision import STATES


class ContractRecordView(ErpModelView):
    """A change or a claim of a contract, decided by approval (``models.decision``):
    found by contract, number and state, the newest first.  Its labels name the
    columns ``models.decision`` gives it; a change or a claim adds its own."""

    value_labels = {"state": STATES}
    label_columns = {
        "contract": _l("Contract"), "description": _l("Particulars"), "state": _l("State"),
        "state_text": _l("State"), "submitted_at": _l("Submitted at"),
        "decided_at": _l("Decided at"), "decision_reason": _l("Approval opinion"),
    }
    search_columns = ["contract", "number", "state"]
