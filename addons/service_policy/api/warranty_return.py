"""REST resources of warranty-part returns and their lines."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import WarrantyReturn, WarrantyReturnLine


class WarrantyReturnApi(ErpModelRestApi):
    """``POST /<id>/receive`` takes ``{"counts": {"<line id>": pieces}, "reason": …}``
    (the reason says what differs, required when a count differs from the list);
    ``/identify`` takes ``{"suppliers": {"<line id>": name}, "markings": {…}}``;
    ``/store`` and ``/notify`` take nothing."""

    resource_name = "warranty_return"
    datamodel = SQLAInterface(WarrantyReturn)
    base_permissions = ["can_get", "can_info", "can_post"]
    list_columns = show_columns = ["id", "site_id", "dealer_id", "number", "state",
                                   "record_id", "registered_at", "received_at",
                                   "received_by_id", "count_differs", "count_note",
                                   "location", "stored_at", "identified_at",
                                   "identified_by_id", "notified_at", "version"]
    add_columns = ["record"]

    def pre_transition(self, item, action, body):
        if action == "receive":
            item.take_counts(body.get("counts"))
        elif action == "identify":
            item.take_suppliers(body.get("suppliers"), body.get("markings"))


class WarrantyReturnLineApi(ErpModelRestApi):
    resource_name = "warranty_return_line"
    datamodel = SQLAInterface(WarrantyReturnLine)
    base_permissions = ["can_get", "can_info"]
    list_columns = show_columns = ["id", "site_id", "dealer_id", "return_id", "part_id",
                                   "part_number", "name", "listed_quantity",
                                   "received_quantity", "supplier", "marking"]
    search_columns = ["warranty_return", "part_number", "supplier"]
