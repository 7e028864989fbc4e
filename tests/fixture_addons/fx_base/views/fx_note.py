from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelView
from core.workflow import N_

from ..models import FxNote


class FxNoteView(ErpModelView):
    datamodel = SQLAInterface(FxNote)
    titles = (N_("Fixture notes"),)
    list_columns = ["site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["text"]
