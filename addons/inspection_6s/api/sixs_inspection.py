from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import SixsInspection


class SixsInspectionApi(ErpModelRestApi):
    """``inspector_id`` defaults to the caller; ``inspected_at`` (UTC) to now."""

    resource_name = "sixs_inspection"
    datamodel = SQLAInterface(SixsInspection)
    list_columns = show_columns = ["id", "site_id", "area", "inspector_id", "inspected_at",
                                   "mode", "note"]
    add_columns = edit_columns = ["area", "inspector_id", "inspected_at", "mode", "note"]
    order_columns = ["inspected_at", "id"]
