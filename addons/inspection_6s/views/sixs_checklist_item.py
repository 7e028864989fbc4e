from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import SixsChecklistItem
from ..vocab import AREAS, S_TYPES
from .common import select_field

LABELS = {
    "code": _l("Code"), "area": _l("Area"), "area_label": _l("Area"),
    "s_type": _l("S"), "s_label": _l("S"), "ref": _l("Seed reference"),
    "text": _l("Rule"), "text_zh": _l("Rule (Chinese)"), "text_en": _l("Rule (English)"),
    "state": _l("State"), "state_label": _l("State"), "version": _l("Version"),
}


class SixsChecklistItemView(ErpModelView):
    datamodel = SQLAInterface(SixsChecklistItem)
    titles = (N_("6S checklist"), N_("6S checklist item"), N_("Add a 6S checklist item"),
              N_("Edit a 6S checklist item"))
    list_columns = ["code", "area_label", "s_label", "text", "state_label"]
    show_columns = ["code", "area_label", "s_label", "ref", "text_zh", "text_en", "state_label",
                    "version"]
    add_columns = edit_columns = ["code", "area", "s_type", "ref", "text_zh", "text_en"]
    search_columns = ["code", "area", "s_type", "state", "text_zh", "text_en"]
    order_columns = ["code", "state"]
    page_size = 50
    label_columns = LABELS
    add_form_extra_fields = edit_form_extra_fields = {
        "area": select_field(_l("Area"), AREAS),
        "s_type": select_field(_l("S"), S_TYPES),
    }
