"""REST resources of warranty policies."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import WarrantyPolicy


class WarrantyPolicyApi(ErpModelRestApi):
    resource_name = "warranty_policy"
    datamodel = SQLAInterface(WarrantyPolicy)
    list_columns = show_columns = ["id", "site_id", "product_line", "name", "months",
                                   "free_repair", "free_parts", "replacement", "documents"]
    add_columns = edit_columns = ["product_line", "name", "months", "free_repair",
                                  "free_parts", "replacement", "documents"]
