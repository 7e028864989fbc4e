"""Home-page panels of service policy (manifest ``home_panels``, see core.home).

Each runs inside the request: a dealer's queries see only their dealer's rows, a
technician's only their own dispatches.  A system admin (no site) gets none: their
home shows the sites.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core import clock
from core.localtime import local_datetime
from core.extensions import db
from core.home import Bar, Panel, acting_owner_id, acting_site_id
from core.models import utcnow

from .models import Customer, ServiceDispatch, ServiceRecord, ServiceRequest
from .models.key_customer_visit import due_key_customers
from .vocab import DISPATCH_STATES, REQUEST_STATES

OPEN_STATES = ("new", "acknowledged", "dispatched", "on_site")
SHOWN = 10


def _show(endpoint: str, pk: int) -> str:
    return url_for(f"{endpoint}.show", pk=pk)


def open_requests() -> Panel | None:
    """Open requests by SLA state (the 24-hour answer), the overdue first."""
    if acting_site_id() is None:
        return None
    now = utcnow()
    requests = db.session.execute(
        select(ServiceRequest).options(joinedload(ServiceRequest.customer))
        .where(ServiceRequest.state.in_(OPEN_STATES))
        .order_by(ServiceRequest.answer_due_at)).scalars().all()
    overdue = [r for r in requests if r.answer_overdue(now)]
    waiting = [r for r in requests if r.answered_at is None and not r.answer_overdue(now)]
    answered = [r for r in requests if r.answered_at is not None]
    listing = url_for("ServiceRequestView.list")
    shown = (overdue + waiting + answered)[:SHOWN]
    return Panel(
        title=_("Open requests by SLA state"),
        bars=[Bar(_("Answer overdue"), len(overdue), listing, alert=True),
              Bar(_("Awaiting an answer"), len(waiting), listing),
              Bar(_("Answered, in progress"), len(answered), listing)],
        columns=[_("Number"), _("State"), _("Customer"), _("Answer due")],
        rows=[[(r.number, _show("ServiceRequestView", r.id)),
               str(REQUEST_STATES.get(r.state, r.state)), str(r.customer or ""),
               local_datetime(r.answer_due_at)] for r in shown],
        alert_rows={index for index, r in enumerate(shown) if r in overdue},
        link=(_("All service requests"), listing), empty=_("No open request."))


def overdue_tasks() -> Panel | None:
    """The service manager's overdue work: unanswered requests past the 24 hours,
    technicians not on site at the agreed time, service records not handed in."""
    if acting_site_id() is None:
        return None
    now = utcnow()
    rows = []
    for request in db.session.execute(
            select(ServiceRequest).where(ServiceRequest.answered_at.is_(None),
                                         ServiceRequest.answer_due_at < now,
                                         ServiceRequest.state.in_(OPEN_STATES))
            .order_by(ServiceRequest.answer_due_at).limit(SHOWN)).scalars():
        rows.append([_("Answer the request"),
                     (request.number, _show("ServiceRequestView", request.id)),
                     local_datetime(request.answer_due_at)])
    for dispatch in db.session.execute(
            select(ServiceDispatch).options(joinedload(ServiceDispatch.request),
                                            joinedload(ServiceDispatch.technician))
            .where(ServiceDispatch.state == "planned",
                                          ServiceDispatch.agreed_on_site_at < now)
            .order_by(ServiceDispatch.agreed_on_site_at).limit(SHOWN)).scalars():
        rows.append([_("Technician not on site"),
                     (str(dispatch), _show("ServiceDispatchView", dispatch.id)),
                     local_datetime(dispatch.agreed_on_site_at)])
    for record in db.session.execute(
            select(ServiceRecord).options(joinedload(ServiceRecord.request))
            .where(ServiceRecord.late.is_(True),
                                        ServiceRecord.handed_in_on.is_(None))
            .order_by(ServiceRecord.returned_on).limit(SHOWN)).scalars():
        rows.append([_("Service record not handed in"),
                     (str(record), _show("ServiceRecordView", record.id)),
                     str(record.returned_on)])
    return Panel(title=_("Overdue tasks"), columns=[_("Task"), _("Record"), _("Due since")],
                 rows=rows, alert_rows=set(range(len(rows))),
                 empty=_("Nothing is overdue."))


def customers() -> Panel | None:
    """The dealer's customers, key customers due their yearly visit highlighted."""
    if acting_site_id() is None:
        return None
    total = db.session.scalar(select(func.count()).select_from(Customer))
    key_total = db.session.scalar(select(func.count()).select_from(Customer)
                                  .where(Customer.key_customer.is_(True)))
    # the rule of the "key customers due a visit" page: 12 months in the site's days
    site_id = acting_site_id()
    due = db.session.execute(due_key_customers(site_id, clock.today(site_id))
                             .limit(SHOWN)).scalars().all()
    listing = url_for("CustomerView.list")
    return Panel(
        title=_("Customers"),
        bars=[Bar(_("Customers"), total or 0, listing),
              Bar(_("Key customers"), key_total or 0, listing),
              Bar(_("Key customers due a visit"), len(due), listing, alert=bool(due))],
        columns=[_("Key customer due a visit"), _("Phone"), _("Last visit")],
        rows=[[(c.name, _show("CustomerView", c.id)), c.phone or "",
               str(c.last_visit_on or "—")] for c in due],
        alert_rows=set(range(len(due))),
        link=(_("All customers"), listing), empty=_("No customer yet."))


def my_dispatches() -> Panel | None:
    """The technician's dispatches not finished yet, the late ones highlighted."""
    if acting_site_id() is None or acting_owner_id() is None:
        return None
    now = utcnow()
    dispatches = db.session.execute(
        select(ServiceDispatch).options(
            joinedload(ServiceDispatch.request).joinedload(ServiceRequest.customer))
        .where(ServiceDispatch.state.in_(("planned", "on_site")))
        .order_by(ServiceDispatch.agreed_on_site_at).limit(SHOWN)).scalars().all()
    return Panel(
        title=_("My dispatches"),
        columns=[_("Request"), _("Customer"), _("Agreed on site"), _("State")],
        rows=[[(str(d.request), _show("ServiceDispatchView", d.id)),
               str(d.request.customer or ""), local_datetime(d.agreed_on_site_at),
               str(DISPATCH_STATES.get(d.state, d.state))] for d in dispatches],
        alert_rows={index for index, d in enumerate(dispatches)
                    if d.state == "planned" and d.agreed_on_site_at < now},
        link=(_("All dispatches"), url_for("ServiceDispatchView.list")),
        empty=_("No dispatch waits for you."))
