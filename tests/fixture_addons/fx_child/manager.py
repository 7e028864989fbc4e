"""Registers the fixture child's page."""
from core.loader import BaseAddonManager, Menu

from .views import FxChildPage


class AddonManager(BaseAddonManager):
    menu = Menu("Fixtures", "", entries=((FxChildPage, ""),))
