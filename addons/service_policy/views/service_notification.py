"""Pages of service notifications."""
from __future__ import annotations

from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.workflow import N_

from ..common import current_user_id
from ..models import ServiceNotification
from .common import ServiceModelView


class ServiceNotificationView(ServiceModelView):
    """My notifications: each user sees only messages addressed to them."""

    titles = (N_("My notifications"), N_("Notification"))
    datamodel = SQLAInterface(ServiceNotification)
    base_permissions = ["can_list", "can_show"]
    base_filters = [["user_id", FilterEqualFunction, current_user_id]]
    list_columns = ["created_at", "message", "request"]
    show_columns = list_columns
    base_order = ("created_at", "desc")
