from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import SixsChecklistItem


class SixsChecklistItemApi(ErpModelRestApi):
    """Items are retired (``POST /<id>/retire``), never deleted: violations keep them."""

    resource_name = "sixs_checklist_item"
    datamodel = SQLAInterface(SixsChecklistItem)
    include_route_methods = {"get", "get_list", "info", "post", "put", "transition"}
    list_columns = show_columns = ["id", "site_id", "code", "area", "s_type", "ref",
                                   "text_zh", "text_en", "state", "version"]
    add_columns = ["code", "area", "s_type", "ref", "text_zh", "text_en"]
    edit_columns = ["code", "area", "s_type", "ref", "text_zh", "text_en"]
    order_columns = ["code", "area", "s_type", "state"]
    max_page_size = 500
