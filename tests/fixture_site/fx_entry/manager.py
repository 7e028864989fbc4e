from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.basemanager import BaseManager


class FxEntryPage(BaseView):
    route_base = "/fx_entry"
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return "fx_entry page"


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view_no_menu(FxEntryPage)
