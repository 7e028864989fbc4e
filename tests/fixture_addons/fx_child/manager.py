"""Registers the fixture child's page."""
from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .views import FxChildPage


class AddonManager(BaseAddonManager):
    menu = Menu("Fixtures", "", entries=((FxChildPage, N_("Fixture child"), ""),))
