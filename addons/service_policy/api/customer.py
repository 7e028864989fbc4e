"""REST resources of customers."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import Customer


class CustomerApi(ErpModelRestApi):
    resource_name = "customer"
    datamodel = SQLAInterface(Customer)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "name", "phone", "address",
                                   "region", "key_customer", "last_visit_on"]
    add_columns = edit_columns = ["dealer_id", "name", "phone", "address", "region",
                                  "key_customer", "last_visit_on"]
    search_columns = ["name", "phone", "region", "key_customer", "dealer_id"]
