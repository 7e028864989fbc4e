"""Pages of warranty policies."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..models import WarrantyPolicy
from .common import ServiceModelView


class WarrantyPolicyView(ServiceModelView):
    titles = (N_("Warranty policies"), N_("Warranty policy"), N_("Add a warranty policy"),
              N_("Edit a warranty policy"))
    datamodel = SQLAInterface(WarrantyPolicy)
    list_columns = ["product_line", "name", "months", "free_repair", "free_parts",
                    "replacement"]
    add_columns = edit_columns = show_columns = list_columns + ["documents"]
