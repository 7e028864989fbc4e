"""Pages of product units."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..models import ProductUnit
from .common import ServiceModelView


class ProductUnitView(ServiceModelView):
    titles = (N_("Units"), N_("Product unit"), N_("Add a product unit"), N_("Edit a product unit"))
    datamodel = SQLAInterface(ProductUnit)
    list_columns = ["serial", "model", "product_line", "purchase_date", "customer"]
    add_columns = edit_columns = ["serial", "model", "product_line", "purchase_date",
                                  "customer"]
    show_columns = add_columns
    search_columns = ["serial", "model", "product_line", "customer"]
