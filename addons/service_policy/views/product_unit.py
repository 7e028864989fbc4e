"""Pages of product units."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from ..models import ProductUnit
from .common import ServiceModelView


class ProductUnitView(ServiceModelView):
    titles = (_l("Units"), _l("Product unit"), _l("Add a product unit"), _l("Edit a product unit"))
    datamodel = SQLAInterface(ProductUnit)
    list_columns = ["serial", "model", "product_line", "purchase_date", "customer"]
    add_columns = edit_columns = ["serial", "model", "product_line", "purchase_date",
                                  "customer"]
    show_columns = add_columns
    search_columns = ["serial", "model", "product_line", "customer"]
