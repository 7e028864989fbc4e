from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import FxTicket


class FxTicketApi(ErpModelRestApi):
    resource_name = "fx_ticket"
    datamodel = SQLAInterface(FxTicket)
    list_columns = ["id", "site_id", "dealer_id", "title", "amount", "state", "version"]
    show_columns = list_columns + ["approved_at", "approved_by_id", "reject_reason"]
    add_columns = ["site_id", "dealer_id", "title", "amount", "note"]
    edit_columns = ["title", "amount", "note"]
