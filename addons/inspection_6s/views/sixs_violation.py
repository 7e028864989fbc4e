from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access, permission_name
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.storage import FileRejected, save_upload
from core.workflow import InvalidInput

from ..models import SixsViolation
from ..vocab import KINDS
from .common import STAFF_ONLY, SixsModelView, select_field

PHOTO_TYPES = ("jpg", "jpeg", "png", "webp", "pdf")
ACTIVE_ITEMS = [["state", FilterEqual, "active"]]


class SixsViolationView(SixsModelView):
    datamodel = SQLAInterface(SixsViolation)
    titles = (_l("6S violations"), _l("6S violation"), _l("Record a 6S violation"),
              _l("Edit a 6S violation"))
    show_template = "inspection_6s/violation_show.html"
    list_columns = ["occurred_at", "local_date", "person", "kind_label", "checklist_item",
                    "note"]
    show_columns = ["occurred_at", "local_date", "month", "person", "kind_label",
                    "checklist_item", "inspection", "note", "file_name"]
    add_columns = ["inspection", "person", "kind", "checklist_item", "occurred_at", "note"]
    edit_columns = ["person", "kind", "checklist_item", "occurred_at", "note"]
    search_columns = ["month", "local_date", "person", "kind", "checklist_item"]
    order_columns = ["occurred_at", "local_date"]
    base_order = ("occurred_at", "desc")
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

    @expose("/photo/<int:pk>", methods=["GET"])
    @has_access
    @permission_name("show")
    def photo(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None or not item.has_file:
            abort(404)
        return item.file_response()

    @expose("/photo/<int:pk>", methods=["POST"])
    @has_access
    @permission_name("edit")
    def upload_photo(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        try:
            stored = save_upload(request.files.get("file"), allowed=PHOTO_TYPES)
        except FileRejected as rejected:
            flash(rejected.message, "danger")
            return redirect(url_for(f"{self.endpoint}.show", pk=pk))
        try:
            item.set_file(stored)
            self.datamodel.session.commit()
            flash(_("The photo %(name)s is stored.", name=stored.original_name), "success")
        except InvalidInput as error:
            self.datamodel.session.rollback()
            flash(str(error), "danger")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))
