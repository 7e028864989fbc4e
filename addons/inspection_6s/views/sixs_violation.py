from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView, file_pages
from core.workflow import N_

from ..models import SixsViolation
from ..vocab import KINDS
from .common import STAFF_ONLY, select_field

PHOTO_TYPES = ("jpg", "jpeg", "png", "webp", "pdf")
ACTIVE_ITEMS = [["state", FilterEqual, "active"]]


class SixsViolationView(ErpModelView):
    datamodel = SQLAInterface(SixsViolation)
    titles = (N_("6S violations"), N_("6S violation"), N_("Record a 6S violation"),
              N_("Edit a 6S violation"))
    show_template = "inspection_6s/violation_show.html"
    list_columns = ["occurred_at", "local_date", "person", "kind_label", "checklist_item",
                    "note"]
    show_columns = ["occurred_at", "local_date", "month", "person", "kind_label",
                    "checklist_item", "inspection", "note", "file_name"]
    add_columns = ["inspection", "person", "kind", "checklist_item", "occurred_at", "note"]
    edit_columns = ["person", "kind", "checklist_item", "occurred_at", "note"]
    search_columns = ["month", "local_date", "person", "kind", "checklist_item"]
    order_columns = ["occurred_at", "local_date"]
    label_columns = {
        "occurred_at": _l("When"), "local_date": _l("Day (site time)"),
        "month": _l("Month"), "person": _l("Person"), "kind": _l("Kind"),
        "kind_label": _l("Kind"), "checklist_item": _l("Checklist rule"),
        "inspection": _l("Inspection"), "note": _l("Note"), "file_name": _l("Photo"),
    }
    description_columns = {
        "occurred_at": _l("Empty: the time of the inspection, or for a failed clean-up "
                          "the last clean-up time of the site."),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": select_field(_l("Kind"), KINDS),
    }
    add_form_query_rel_fields = edit_form_query_rel_fields = {
        "person": STAFF_ONLY, "checklist_item": ACTIVE_ITEMS}
    # a checklist violation names its rule (a failed clean-up names none)
    form_examples = {"kind": "item", "checklist_item": ...}

    photo, upload_photo = file_pages("photo", "show", "edit", PHOTO_TYPES,
                                     _l("The photo %(name)s is stored."))
