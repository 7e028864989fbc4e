from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import FxNote


class FxNoteApi(ErpModelRestApi):
    resource_name = "fx_note"
    datamodel = SQLAInterface(FxNote)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["site_id", "dealer_id", "text"]
