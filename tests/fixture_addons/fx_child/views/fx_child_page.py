from core.base import ErpPage, page_endpoint


class FxChildPage(ErpPage):
    route_base = "/fx_child"

    @page_endpoint("/")
    def index(self):
        return "fx_child page"
