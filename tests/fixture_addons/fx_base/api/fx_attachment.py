from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpFileApi

from ..models import FxAttachment


class FxAttachmentApi(ErpFileApi):
    resource_name = "fx_attachment"
    datamodel = SQLAInterface(FxAttachment)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "title", "file_name",
                                   "file_size", "file_sha256"]
    add_columns = edit_columns = ["title"]
