from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpFileApi

from ..models import SixsViolation


class SixsViolationApi(ErpFileApi):
    """Violations; ``kind`` is ``item`` (a checklist rule, ``checklist_item_id``)
    or ``cleanup`` (the weekly clean-up not done to standard).  The photo is
    ``POST /<id>/file`` (multipart ``file``), downloaded with ``GET /<id>/file``."""

    resource_name = "sixs_violation"
    datamodel = SQLAInterface(SixsViolation)
    file_types = ("jpg", "jpeg", "png", "webp", "pdf")
    list_columns = show_columns = [
        "id", "site_id", "inspection_id", "person_id", "kind", "checklist_item_id",
        "occurred_at", "local_date", "week_start", "month", "note", "file_name",
        "file_size", "file_sha256"]
    add_columns = ["inspection_id", "person_id", "kind", "checklist_item_id",
                   "occurred_at", "note"]
    edit_columns = ["person_id", "kind", "checklist_item_id", "occurred_at", "note"]
    order_columns = ["occurred_at", "local_date", "id"]
