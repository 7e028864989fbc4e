from flask_appbuilder.basemanager import BaseManager

from core.base import ErpPage, page_endpoint


class FxEntryPage(ErpPage):
    route_base = "/fx_entry"

    @page_endpoint("/")
    def index(self):
        return "fx_entry page"


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view_no_menu(FxEntryPage)
