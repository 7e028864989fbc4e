from flask_appbuilder import BaseView, expose, has_access


class FxChildPage(BaseView):
    route_base = "/fx_child"
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return "fx_child page"
