"""Technicians sent to a request: agreed on-site time, arrival, departure."""
from __future__ import annotations

import datetime
from decimal import Decimal

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Index, Integer, Numeric,
                        String, false)
from sqlalchemy.orm import object_session, relationship

from core import clock, settings
from core.events import emit
from core.happened import SKEW_SETTING, happened
from core.indexes import list_indexes
from core.localtime import as_utc
from core.mixins import DealerScoped, OwnerScoped
from core.models import user_reference, utcnow
from core.validation import changed, creating, related
from core.workflow import N_, InvalidInput, Transition, Workflow

from .technician_certification import certified


class ServiceDispatch(Workflow, DealerScoped, OwnerScoped, Model):
    # a technician sees and writes only their own
    __owner_column__ = "technician_id"
    __tablename__ = "service_dispatch"
    __parent__ = "request"
    # the monthly statistics read a site's dispatches by their arrival
    __table_args__ = (*list_indexes("service_dispatch", dealer=True),
                      Index("ix_service_dispatch_site_arrived", "site_id", "arrived_at"))
    __transitions__ = (
        Transition("arrive", ("planned",), "on_site", label=N_("Arrive")),
        Transition("depart", ("on_site",), "left", label=N_("Leave")),
    )
    id = Column(Integer, primary_key=True)
    state = Column(String(16), nullable=False, default="planned")
    request_id = Column(Integer, ForeignKey("service_request.id"), nullable=False, index=True)
    request = relationship("ServiceRequest")
    technician_id, technician = user_reference(nullable=False, index=True)
    agreed_on_site_at = Column(DateTime, nullable=False)
    arrived_at = happened(DateTime)
    departed_at = happened(DateTime)
    # the technician called the company before leaving (未来电公司擅自离开 otherwise)
    called_in = Column(Boolean, nullable=False, default=False)
    late_minutes = Column(Integer, nullable=False, default=0)
    # what the visit cost, for the monthly statistics [003 二.5.4]: days away
    # (counted from the arrival and the departure unless typed), the technician's
    # cost, the materials used and the transport
    person_days = Column(Numeric(6, 2))
    labour_cost = Column(Numeric(12, 2), nullable=False, default=Decimal("0.00"),
                         server_default="0")
    material_cost = Column(Numeric(12, 2), nullable=False, default=Decimal("0.00"),
                           server_default="0")
    transport_cost = Column(Numeric(12, 2), nullable=False, default=Decimal("0.00"),
                            server_default="0")
    # installation and commissioning guidance the contract already pays for: left
    # out of the month's total after-sales cost
    contract_installation = Column(Boolean, nullable=False, default=False,
                                   server_default=false())

    # when an arrival or a departure happened, if it is reported afterwards (not stored:
    # the step stores it in arrived_at / departed_at); None means now
    reported_at = None

    def __repr__(self) -> str:
        return f"{self.technician} → {self.request}"

    def report_time(self, value) -> None:
        """Take the time of the next arrival or departure, reported afterwards: an ISO
        8601 time (UTC unless it names its offset), never in the future."""
        if value is None:
            return
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError as error:
            raise InvalidInput({"at": [_("%(value)s is not a time (ISO 8601, UTC).",
                                         value=value)]}) from error
        moment = as_utc(moment)
        # the site's allowance for drifting clocks, as for every "when it happened"
        skew = datetime.timedelta(minutes=settings.get(self.site_id, SKEW_SETTING))
        if moment > utcnow() + skew:
            raise InvalidInput({"at": [_("A time in the future cannot be reported.")]})
        self.reported_at = moment

    def _moment(self) -> datetime.datetime:
        moment, self.reported_at = self.reported_at or utcnow(), None
        return moment

    def _derive(self) -> None:
        """A new dispatch moves the request to dispatched once it is being stored (not
        while a form is checked)."""
        request = related(self, "request")
        if request is None:
            return
        if creating(self) and object_session(self) is not None \
                and request.state == "acknowledged":
            request.apply_transition("dispatch")

    def _check_request(self):
        if related(self, "request") is None or related(self, "technician") is None:
            return {"request": _("Choose a request and a technician.")}
        return None

    def _check_certified(self):
        """Only a technician with a valid training is sent [004 制度1 三.3]."""
        technician = related(self, "technician")
        if technician is None or self.agreed_on_site_at is None or self.site_id is None \
                or not changed(self, "technician_id", "technician", "agreed_on_site_at"):
            return None
        day = clock.today(self.site_id, self.agreed_on_site_at)
        if not certified(technician.id, day):
            return {"technician": _(
                "%(name)s has no valid training certification on %(day)s and cannot "
                "be dispatched.", name=technician.username, day=day.isoformat())}
        return None

    def _check_costs(self):
        problems = {}
        for field in ("labour_cost", "material_cost", "transport_cost", "person_days"):
            value = getattr(self, field)
            if value is not None and value < 0:
                problems[field] = _("An amount cannot be negative.")
        return problems or None

    def count_person_days(self) -> None:
        """Days away, both ends included, in the site's days (arrived on the 3rd and
        left on the 4th: 2 days), unless somebody typed them."""
        if self.person_days is not None or self.arrived_at is None \
                or self.departed_at is None or self.site_id is None:
            return
        zone = clock.site_zone(self.site_id)
        days = (clock.local_date(self.departed_at, zone)
                - clock.local_date(self.arrived_at, zone)).days + 1
        self.person_days = Decimal(max(days, 1))

    def _do_arrive(self, reason) -> None:
        self.arrived_at = self._moment()
        late = int((self.arrived_at - self.agreed_on_site_at).total_seconds() // 60)
        self.late_minutes = max(late, 0)
        if self.request.state == "dispatched":
            self.request.apply_transition("arrive")
        if self.late_minutes > 0:
            emit("service_policy.late_arrival", self.site_id,
                 technician_id=self.technician_id, dispatch_id=self.id,
                 occurred_at=self.arrived_at.isoformat(), minutes_late=self.late_minutes,
                 source_ref=f"service_policy:late:{self.id}")

    def _check_depart(self, reason) -> None:
        if self.reported_at is not None and self.reported_at < self.arrived_at:
            raise InvalidInput({"at": [_("The departure cannot be before the arrival "
                                         "(%(arrived)s UTC).",
                                         arrived=self.arrived_at.isoformat(" ", "minutes"))]})

    def _do_depart(self, reason) -> None:
        self.departed_at = self._moment()
        self.count_person_days()
        if not self.called_in:
            emit("service_policy.left_without_calling", self.site_id,
                 technician_id=self.technician_id, dispatch_id=self.id,
                 occurred_at=self.departed_at.isoformat(),
                 source_ref=f"service_policy:nocall:{self.id}")
