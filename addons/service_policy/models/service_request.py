"""Complaints, service requests and consultations [000 §4.6; 001 三; 004 制度4]."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text, func,
                        select)
from sqlalchemy.orm import relationship

from core import clock, sequences, settings
from core.events import emit
from core.extensions import db
from core.happened import happened
from core.indexes import list_indexes, unique_in_site
from core.mixins import DealerScoped
from core.models import Site, utcnow
from core.scope import current_scope
from core.validation import changed, chosen, creating, related
from core.workflow import N_, Transition, TransitionRefused, Workflow

from ..vocab import (CATEGORIES, CHANNELS, COST_CUSTOMER_QUOTED, COST_CUSTOMER_UNIT,
                     COST_MANUFACTURER, IN_WARRANTY, SEVERITIES, code_problem)
from .service_dispatch import ServiceDispatch
from .service_record import ServiceRecord
from .service_routing_rule import rule_for


class ServiceRequest(Workflow, DealerScoped, Model):
    __tablename__ = "service_request"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("service_request", "-received_at", dealer=True))
    __transitions__ = (
        Transition("acknowledge", ("new",), "acknowledged", at="answered_at",
                   label=N_("Acknowledge")),
        Transition("dispatch", ("acknowledged",), "dispatched", label=N_("Dispatch")),
        Transition("arrive", ("dispatched",), "on_site", label=N_("On site")),
        Transition("resolve", ("on_site", "acknowledged"), "resolved", label=N_("Resolve")),
        Transition("close", ("resolved",), "closed", at="closed_at", label=N_("Close")),
    )
    id = Column(Integer, primary_key=True)
    number = Column(String(32), nullable=False)
    state = Column(String(16), nullable=False, default="new", index=True)
    channel = Column(String(16), nullable=False, default="phone")
    category = Column(String(16), nullable=False, default="quality")
    severity = Column(String(16), nullable=False, default="general")
    consultation = Column(Boolean, nullable=False, default=False)
    customer_id = Column(Integer, ForeignKey("customer.id"), nullable=False, index=True)
    customer = relationship("Customer")
    unit_id = Column(Integer, ForeignKey("product_unit.id"), index=True)
    unit = relationship("ProductUnit")
    description = Column(Text, nullable=False)
    # a quality complaint records these [001 三.2.a]
    order_number = Column(String(60))
    part_number = Column(String(60))
    ship_date = Column(Date)
    quantity = Column(Integer)
    defective_quantity = Column(Integer)
    # the technician whose attitude the customer complains about, if any
    attitude_technician_id = Column(Integer, ForeignKey("ab_user.id"))
    # computed when the request is received
    received_at = happened(DateTime, nullable=False, default=utcnow)
    answer_due_at = Column(DateTime, nullable=False)
    answered_at = Column(DateTime)
    sla_breached_at = Column(DateTime)
    warranty_status = Column(String(20))
    cost_bearer = Column(String(40))
    routed_to = Column(String(120))
    final_inspection = Column(Boolean, nullable=False, default=False)
    filed_with_qm = Column(Boolean, nullable=False, default=False)
    capa_owner = Column(String(120))
    closed_at = Column(DateTime)
    # what the corrective action reports answering it found and did, for the customer
    capa_outcome = Column(Text)

    def __repr__(self) -> str:
        return self.number or "new request"

    # --- computed on receipt (core.validation runs these at every write) ------------
    def _derive(self) -> None:
        """Number, SLA deadline, warranty, cost bearer and routing of a new request."""
        if not creating(self):
            return
        # column defaults apply only at INSERT; the checks need them now
        self.channel = self.channel or "phone"
        self.category = self.category or "quality"
        self.severity = self.severity or "general"
        self.consultation = bool(self.consultation)
        customer = related(self, "customer")
        if customer is None or self._check_input():
            return  # the checks say what is wrong
        if self.site_id is None:  # a system admin acts for the customer's site
            self.site_id = getattr(current_scope(), "site_id", None) or customer.site_id
        if self.dealer_id is None:
            self.dealer_id = customer.dealer_id
        self.received_at = self.received_at or utcnow()
        hours = settings.get(self.site_id, "service_policy.answer_within_hours")
        self.answer_due_at = self.received_at + datetime.timedelta(hours=hours)
        self.number = self.number or self._next_number()
        self._apply_warranty()
        self._apply_routing()

    def _on_created(self) -> None:
        """Events of a new request, once it has its id, in the transaction storing it."""
        if self.attitude_technician_id:
            emit("service_policy.attitude_complaint", self.site_id,
                 technician_id=self.attitude_technician_id, request_id=self.id,
                 occurred_at=self.received_at.isoformat(), description=self.description,
                 source_ref=f"service_policy:attitude:{self.id}:{self.attitude_technician_id}")

    def _check_customer(self):
        return chosen(self, "customer", _("Choose the customer."))

    def _check_input(self) -> dict:
        problems = {}
        for field, codes in (("channel", CHANNELS), ("category", CATEGORIES),
                             ("severity", SEVERITIES)):
            problems.update(code_problem(getattr(self, field), field, codes) or {})
        if self.quantity is not None and self.quantity < 0:
            problems["quantity"] = [_("The quantity cannot be negative.")]
        if self.defective_quantity is not None:
            if self.defective_quantity < 0:
                problems["defective_quantity"] = [_("The quantity cannot be negative.")]
            elif self.quantity is not None and self.defective_quantity > self.quantity:
                problems["defective_quantity"] = [_(
                    "%(defective)s defective out of %(quantity)s is impossible.",
                    defective=self.defective_quantity, quantity=self.quantity)]
        # checked when the request's customer or unit is chosen, not on every edit:
        # a unit may later pass to another customer, its past requests stay as filed
        unit, customer = related(self, "unit"), related(self, "customer")
        if changed(self, "unit_id", "unit", "customer_id", "customer") \
                and unit is not None and customer is not None \
                and unit.customer_id not in (None, customer.id):
            problems["unit"] = [_("Unit %(serial)s belongs to another customer.",
                                  serial=unit.serial)]
        return problems

    def _next_number(self) -> str:
        """``<SITE>-<YYYYMM>-<nnnn>``, counted over the whole site and month by one
        sequence, so that requests filed at the same moment get numbers of their own."""
        site = db.session.get(Site, self.site_id)
        prefix = f"{site.code.upper()}-{clock.today(self.site_id, self.received_at):%Y%m}-"
        return sequences.next_number(ServiceRequest.__table__.c.number, self.site_id, prefix)

    def _apply_warranty(self) -> None:
        if related(self, "unit") is not None:
            self.warranty_status = related(self, "unit").warranty_status(
                clock.today(self.site_id, self.received_at))
        if self.consultation:
            self.cost_bearer = None  # an answer costs nobody anything
        elif self.category == "non_quality":
            # handled like a quality one, paid by the customer's business unit [004 制度4 §5.2]
            self.cost_bearer = COST_CUSTOMER_UNIT
        elif self.warranty_status == IN_WARRANTY:
            self.cost_bearer = COST_MANUFACTURER
        else:
            self.cost_bearer = COST_CUSTOMER_QUOTED

    def _apply_routing(self) -> None:
        if self.category != "quality" or self.consultation:
            return
        rule = rule_for(self.site_id, self.severity)
        if rule is None:
            return
        self.routed_to = rule.routed_to
        self.final_inspection = rule.final_inspection
        self.filed_with_qm = rule.filed_with_qm
        self.capa_owner = rule.capa_owner

    def answer_overdue(self, now: datetime.datetime) -> bool:
        """Past the 24-hour answer and not answered yet (the home page's alert)."""
        return self.answered_at is None and now > self.answer_due_at

    # --- transitions ------------------------------------------------------------------
    def _check_dispatch(self, reason) -> None:
        # the dispatch being stored with this move counts (core.validation, at flush)
        if any(isinstance(row, ServiceDispatch) and row.request is self
               for row in db.session.new):
            return
        if not db.session.scalar(select(func.count()).select_from(ServiceDispatch).where(
                ServiceDispatch.request_id == self.id)):
            raise TransitionRefused(_("Request %(number)s has no technician dispatched.",
                                      number=self.number))

    def _check_resolve(self, reason) -> None:
        if self.state == "acknowledged" and not self.consultation:
            raise TransitionRefused(_(
                "Request %(number)s needs a visit before it is resolved; only "
                "consultations are resolved by the answer.", number=self.number))

    def _check_close(self, reason) -> None:
        if self.consultation:
            return
        signed = db.session.scalar(select(func.count()).select_from(ServiceRecord).where(
            ServiceRecord.request_id == self.id,
            ServiceRecord.customer_signed_by.isnot(None)))
        if not signed:
            raise TransitionRefused(_(
                "Request %(number)s cannot be closed before the customer signs the "
                "service record.", number=self.number))
