from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelView

from ..models import FxNote


class FxNoteView(ErpModelView):
    datamodel = SQLAInterface(FxNote)
    list_columns = ["site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["text"]
