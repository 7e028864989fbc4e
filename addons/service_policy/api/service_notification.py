"""REST resources of service notifications."""
from __future__ import annotations

from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..common import current_user_id
from ..models import ServiceNotification


class ServiceNotificationApi(ErpModelRestApi):
    resource_name = "service_notification"
    datamodel = SQLAInterface(ServiceNotification)
    include_route_methods = {"get", "get_list", "info"}
    base_filters = [["user_id", FilterEqualFunction, current_user_id]]
    list_columns = show_columns = ["id", "user_id", "request_id", "message", "created_at",
                                   "read"]
