from core.base import ErpPage, page_endpoint
from core.workflow import N_


class FxChildPage(ErpPage):
    titles = (N_("Fixture child"),)
    route_base = "/fx_child"

    @page_endpoint("/")
    def index(self):
        return "fx_child page"
