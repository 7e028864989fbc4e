"""Registers the fixture's pages and REST APIs (menu category "Fixtures")."""
from core.loader import BaseAddonManager, Menu

from .api import FxAttachmentApi, FxNoteApi, FxTicketApi
from .views import FxNoteView, FxTicketView


class AddonManager(BaseAddonManager):
    menu = Menu("Fixtures", "", entries=((FxNoteView, ""), (FxTicketView, "")))
    apis = (FxNoteApi, FxTicketApi, FxAttachmentApi)
