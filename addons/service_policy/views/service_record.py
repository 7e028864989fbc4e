"""Pages of service records."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import exists, select

from core.forms import users_in_role
from core.workflow import N_

from ..common import RECORD_FIELDS
from ..models import ServiceDispatch, ServiceRecord, ServiceRequest
from .common import ServiceModelView


def visited_requests(query):
    """Requests a record can be written for: a technician was dispatched and the
    request is not closed (a resolved one still takes the record handed in late)."""
    dispatched = exists(select(ServiceDispatch.id).where(
        ServiceDispatch.request_id == ServiceRequest.id))
    return query.filter(dispatched, ServiceRequest.state != "closed").order_by(
        ServiceRequest.received_at.desc())


class ServiceRecordView(ServiceModelView):
    titles = (N_("Service records"), N_("Service record"), N_("Add a service record"),
              N_("Edit a service record"))
    datamodel = SQLAInterface(ServiceRecord)
    choice_filters = {"technician": users_in_role("Technician"), "request": visited_requests}
    list_columns = ["request", "technician", "visited_on", "returned_on", "handed_in_on",
                    "customer_signed_by", "late"]
    add_columns = edit_columns = RECORD_FIELDS
    show_columns = RECORD_FIELDS + ["late", "parts"]
