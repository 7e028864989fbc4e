from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import SixsInspection
from ..vocab import AREAS, MODES
from .common import STAFF_ONLY, select_field
from .sixs_violation import SixsViolationView


class SixsInspectionView(ErpModelView):
    datamodel = SQLAInterface(SixsInspection)
    titles = (N_("6S inspections"), N_("6S inspection"), N_("Record a 6S inspection"),
              N_("Edit a 6S inspection"))
    list_columns = ["inspected_at", "area_label", "mode_label", "inspector", "note"]
    show_columns = ["inspected_at", "area_label", "mode_label", "inspector", "note"]
    add_columns = ["inspected_at", "area", "mode", "note"]
    edit_columns = ["inspected_at", "area", "mode", "inspector", "note"]
    search_columns = ["inspected_at", "area", "mode", "inspector"]
    order_columns = ["inspected_at"]
    related_views = [SixsViolationView]
    label_columns = {"inspected_at": _l("Inspected at"), "area": _l("Area"),
                     "area_label": _l("Area"), "mode": _l("Dynamic or static"),
                     "mode_label": _l("Dynamic or static"), "inspector": _l("Inspector"),
                     "note": _l("Note")}
    add_form_extra_fields = edit_form_extra_fields = {
        "area": select_field(_l("Area"), AREAS, required=False),
        "mode": select_field(_l("Dynamic or static"), MODES),
    }
    add_form_query_rel_fields = edit_form_query_rel_fields = {"inspector": STAFF_ONLY}
