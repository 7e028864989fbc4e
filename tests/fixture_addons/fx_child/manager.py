from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.basemanager import BaseManager


class FxChildPage(BaseView):
    route_base = "/fx_child"
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return "fx_child page"


class AddonManager(BaseManager):
    def register_views(self):
        self.appbuilder.add_view(FxChildPage, "Fixture child", category="Fixtures")
