"""Pages of service dispatches."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from core import localtime
from core.forms import users_in_role
from core.models import ErpUser, utcnow
from core.workflow import N_

from ..common import LABELS
from ..models import ServiceDispatch, ServiceRequest, TechnicianCertification
from ..vocab import DISPATCH_STATES
from .common import ServiceModelView

CLOSED_STATES = ("resolved", "closed")
COSTS = ["person_days", "labour_cost", "material_cost", "transport_cost",
         "contract_installation"]
COST_LABELS = {
    "person_days": _l("Person-days"), "labour_cost": _l("Dispatch cost (yuan)"),
    "material_cost": _l("Material cost (yuan)"), "transport_cost": _l("Transport cost (yuan)"),
    "contract_installation": _l("Installation guidance paid by contract"),
}


def dispatchable_technicians(query):
    """The site's technicians, those with a training valid today first (only they can
    be dispatched [004 制度1 三.3])."""
    today = localtime.to_local(utcnow(), localtime.user_zone()).date()
    valid = exists(select(TechnicianCertification.id).where(
        TechnicianCertification.technician_id == ErpUser.id,
        TechnicianCertification.passed_on <= today,
        TechnicianCertification.valid_until >= today))
    return users_in_role("Technician")(query).order_by(None).order_by(
        valid.desc(), ErpUser.first_name, ErpUser.last_name, ErpUser.username)


def open_requests(query):
    """Requests still to be served: neither resolved nor closed."""
    return query.filter(ServiceRequest.state.notin_(CLOSED_STATES)).order_by(
        ServiceRequest.received_at.desc())


class ServiceDispatchView(ServiceModelView):
    titles = (N_("Dispatches"), N_("Dispatch"), N_("Dispatch a technician"), N_("Edit a dispatch"))
    value_labels = {"state": DISPATCH_STATES}
    choice_filters = {"technician": dispatchable_technicians, "request": open_requests}
    datamodel = SQLAInterface(ServiceDispatch)
    list_columns = ["request", "technician", "state", "agreed_on_site_at", "arrived_at",
                    "late_minutes", "departed_at", "called_in"]
    add_columns = ["request", "technician", "agreed_on_site_at"]
    edit_columns = ["agreed_on_site_at", "called_in", *COSTS]
    show_columns = list_columns + COSTS + ["version"]
    label_columns = {**LABELS, **COST_LABELS}
