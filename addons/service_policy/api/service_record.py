"""REST resources of service records."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..common import RECORD_FIELDS
from ..models import ServiceRecord


class ServiceRecordApi(ErpModelRestApi):
    resource_name = "service_record"
    datamodel = SQLAInterface(ServiceRecord)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "request_id",
                                   "dispatch_id", "technician_id", "visited_on",
                                   "returned_on", "handed_in_on", "work_done",
                                   "customer_signed_by", "customer_signed_at",
                                   "customer_opinion", "late"]
    add_columns = RECORD_FIELDS
    edit_columns = RECORD_FIELDS[2:]
