"""Registers the fixture's pages and REST APIs (menu category "Fixtures")."""
from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import FxAttachmentApi, FxNoteApi, FxTicketApi
from .views import FxNoteView, FxTicketView


class AddonManager(BaseAddonManager):
    menu = Menu("Fixtures", "", entries=(
        (FxNoteView, N_("Fixture notes"), ""),
        (FxTicketView, N_("Fixture tickets"), ""),
    ))
    apis = (FxNoteApi, FxTicketApi, FxAttachmentApi)
