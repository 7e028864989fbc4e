from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpFileApi, ErpModelRestApi, ErpModelView
from core.events import emit

from .models import FxAttachment, FxNote, FxTicket


class FxNoteView(ErpModelView):
    datamodel = SQLAInterface(FxNote)
    list_columns = ["site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["text"]


class FxNoteApi(ErpModelRestApi):
    resource_name = "fx_note"
    datamodel = SQLAInterface(FxNote)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "text"]
    add_columns = edit_columns = ["site_id", "dealer_id", "text"]

    def post_add(self, item):
        emit("fx_base.note_created", item.site_id, note_id=item.id)
        self.datamodel.session.commit()


class FxTicketView(ErpModelView):
    datamodel = SQLAInterface(FxTicket)
    list_columns = ["title", "amount", "state", "dealer_id"]
    show_columns = ["title", "amount", "state", "version", "note"]
    add_columns = edit_columns = ["title", "amount", "note"]


class FxTicketApi(ErpModelRestApi):
    resource_name = "fx_ticket"
    datamodel = SQLAInterface(FxTicket)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "title", "amount",
                                   "state", "version"]
    add_columns = ["site_id", "dealer_id", "title", "amount", "note"]
    edit_columns = ["title", "amount", "note"]


class FxAttachmentApi(ErpFileApi):
    resource_name = "fx_attachment"
    datamodel = SQLAInterface(FxAttachment)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "title", "file_name",
                                   "file_size", "file_sha256"]
    add_columns = edit_columns = ["title"]


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view(FxNoteView, "Fixture notes", label=_l("Fixture notes"),
                                 category="Fixtures")
        self.appbuilder.add_view(FxTicketView, "Fixture tickets", category="Fixtures")
        self.appbuilder.add_api(FxNoteApi)
        self.appbuilder.add_api(FxTicketApi)
        self.appbuilder.add_api(FxAttachmentApi)
