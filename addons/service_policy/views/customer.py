"""Pages of customers."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..models import Customer
from .common import ServiceModelView


class CustomerView(ServiceModelView):
    titles = (N_("Customers"), N_("Customer"), N_("Add a customer"), N_("Edit a customer"))
    datamodel = SQLAInterface(Customer)
    list_columns = ["name", "phone", "region", "key_customer", "dealer", "last_visit_on"]
    add_columns = edit_columns = ["name", "phone", "address", "region", "key_customer",
                                  "dealer", "last_visit_on"]
    show_columns = add_columns
    search_columns = ["name", "phone", "region", "key_customer", "dealer"]
