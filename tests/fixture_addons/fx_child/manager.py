"""Registers the fixture child's page."""
from flask_appbuilder.basemanager import BaseManager

from .views import FxChildPage


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view(FxChildPage, "Fixture child", category="Fixtures")
