from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import PenaltyRule
from ..models.penalty_rule import SANCTION_KINDS

RULE_LABELS = {
    "code": _l("Code"),
    "name": _l("Offence or merit"),
    "name_zh": _l("Chinese name"),
    "reference": _l("Source clause"),
    "sanction": _l("Sanction"),
    "amount": _l("Amount (yuan)"),
    "quantity": _l("Count"),
    "variable_amount": _l("Amount given per record"),
    "active": _l("In use"),
    "note": _l("Note"),
    "sanction_text": _l("Sanction"),
}


class PenaltyRuleView(ErpModelView):
    """The site's catalogue; retire a rule by unticking "In use"."""

    datamodel = SQLAInterface(PenaltyRule)
    titles = (N_("Penalty rules"), N_("Penalty rule"), N_("Add a penalty or reward rule"),
              N_("Edit a penalty or reward rule"))
    base_permissions = ["can_list", "can_show", "can_add", "can_edit"]
    list_columns = ["code", "name", "sanction_text", "active"]
    show_columns = ["code", "name", "name_zh", "reference", "sanction", "amount", "quantity",
                    "variable_amount", "active", "note"]
    add_columns = show_columns
    edit_columns = [column for column in show_columns if column != "code"]
    search_columns = ["code", "name", "sanction", "active"]
    label_columns = RULE_LABELS
    value_labels = {"sanction": SANCTION_KINDS}
    form_examples = {"code": "W-{n}"}
