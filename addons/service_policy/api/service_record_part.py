"""REST resources of the parts replaced on a visit."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ServiceRecordPart


class ServiceRecordPartApi(ErpModelRestApi):
    resource_name = "service_record_part"
    datamodel = SQLAInterface(ServiceRecordPart)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "record_id", "part_number",
                                   "name", "quantity", "tagged_for_return"]
    add_columns = ["record", "part_number", "name", "quantity", "tagged_for_return"]
    edit_columns = ["part_number", "name", "quantity", "tagged_for_return"]
