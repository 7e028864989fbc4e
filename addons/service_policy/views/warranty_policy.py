"""Pages of warranty policies."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from ..models import WarrantyPolicy
from .common import ServiceModelView


class WarrantyPolicyView(ServiceModelView):
    titles = (_l("Warranty policies"), _l("Warranty policy"), _l("Add a warranty policy"),
              _l("Edit a warranty policy"))
    datamodel = SQLAInterface(WarrantyPolicy)
    list_columns = ["product_line", "name", "months", "free_repair", "free_parts",
                    "replacement"]
    add_columns = edit_columns = show_columns = list_columns + ["documents"]
