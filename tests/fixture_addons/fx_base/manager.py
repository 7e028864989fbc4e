from flask_appbuilder import ModelRestApi, ModelView
from flask_appbuilder.basemanager import BaseManager
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.events import emit

from .models import FxNote


class FxNoteView(ModelView):
    datamodel = SQLAInterface(FxNote)
    list_columns = ["site_id", "text"]


class FxNoteApi(ModelRestApi):
    resource_name = "fx_note"
    datamodel = SQLAInterface(FxNote)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["site_id", "dealer_id", "text"]

    def post_add(self, item):
        emit("fx_base.note_created", item.site_id, note_id=item.id)
        self.datamodel.session.commit()


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view(FxNoteView, "Fixture notes", category="Fixtures")
        self.appbuilder.add_api(FxNoteApi)
