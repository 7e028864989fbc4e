"""Pages of customers."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from ..models import Customer
from .common import ServiceModelView


class CustomerView(ServiceModelView):
    titles = (_l("Customers"), _l("Customer"), _l("Add a customer"), _l("Edit a customer"))
    datamodel = SQLAInterface(Customer)
    list_columns = ["name", "phone", "region", "key_customer", "dealer", "last_visit_on"]
    add_columns = edit_columns = ["name", "phone", "address", "region", "key_customer",
                                  "dealer", "last_visit_on"]
    show_columns = add_columns
    search_columns = ["name", "phone", "region", "key_customer", "dealer"]
