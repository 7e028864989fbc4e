"""Registers the fixture's pages and REST APIs (menu category "Fixtures")."""
from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import FxAttachmentApi, FxNoteApi, FxTicketApi
from .views import FxNoteView, FxTicketView


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view(FxNoteView, "Fixture notes", label=_l("Fixture notes"),
                                 category="Fixtures")
        self.appbuilder.add_view(FxTicketView, "Fixture tickets", category="Fixtures")
        self.appbuilder.add_api(FxNoteApi)
        self.appbuilder.add_api(FxTicketApi)
        self.appbuilder.add_api(FxAttachmentApi)
