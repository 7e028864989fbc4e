from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.workflow import N_

from ..models import ContractChange
from .common import ContractRecordView


class ContractChangeView(ContractRecordView):
    datamodel = SQLAInterface(ContractChange)
    titles = (N_("Contract changes"), N_("Contract change"), N_("New contract change"),
              N_("Edit a contract change"))
    label_columns = {
        **ContractRecordView.label_columns,
        "number": _l("Change number"),
        "amount_delta": _l("Amount change"),
        "new_start_date": _l("New start date"),
        "new_end_date": _l("New end date"),
        "amount_before": _l("Amount before"),
        "amount_after": _l("Amount after"),
        "start_before": _l("Start date before"),
        "start_after": _l("Start date after"),
        "end_before": _l("End date before"),
        "end_after": _l("End date after"),
    }
    list_columns = ["number", "contract", "amount_delta", "new_end_date", "state"]
    show_columns = ["number", "contract", "description", "amount_delta", "new_start_date",
                    "new_end_date", "state_text", "submitted_at", "decided_at",
                    "decision_reason", "amount_before", "amount_after", "start_before",
                    "start_after", "end_before", "end_after"]
    add_columns = edit_columns = ["contract", "number", "description", "amount_delta",
                                  "new_start_date", "new_end_date"]
    form_examples = {"number": "BG-{n}"}
