from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelView
from core.workflow import N_

from ..models import FxTicket


class FxTicketView(ErpModelView):
    datamodel = SQLAInterface(FxTicket)
    titles = (N_("Fixture tickets"),)
    list_columns = ["title", "amount", "state", "dealer_id"]
    show_columns = ["title", "amount", "state", "version", "note"]
    add_columns = edit_columns = ["title", "amount", "note"]
