"""REST resources of service dispatches."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import ServiceDispatch
from ..views.service_dispatch import COSTS


class ServiceDispatchApi(ErpModelRestApi):
    resource_name = "service_dispatch"
    datamodel = SQLAInterface(ServiceDispatch)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "request_id",
                                   "technician_id", "state", "agreed_on_site_at",
                                   "arrived_at", "departed_at", "called_in", "late_minutes",
                                   "version", *COSTS]
    add_columns = ["request", "technician", "agreed_on_site_at"]
    edit_columns = ["agreed_on_site_at", "called_in", *COSTS]

    def pre_transition(self, item, action, body):
        """``arrive`` and ``depart`` take ``at`` (UTC) when reported afterwards."""
        item.report_time(body.get("at"))
