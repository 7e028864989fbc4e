from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelView

from ..models import FxTicket


class FxTicketView(ErpModelView):
    datamodel = SQLAInterface(FxTicket)
    list_columns = ["title", "amount", "state", "dealer_id"]
    show_columns = ["title", "amount", "state", "version", "note"]
    add_columns = edit_columns = ["title", "amount", "note"]
