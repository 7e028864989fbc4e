from core.base import ErpPage, page_endpoint


class FxEntryPage(ErpPage):
    route_base = "/fx_entry"

    @page_endpoint("/")
    def index(self):
        return "fx_entry page"
