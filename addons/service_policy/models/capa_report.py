"""Corrective / preventive action reports (纠正/预防措施报告) [002 §5.2.5–5.2.9, §5.3.1].

A report answers one or more service requests: what did not conform (with the
quantity of returned products), the root cause, the actions and a rectification
schedule (整改时控表) of dated tasks with owners; once the tasks are done the owner
reviews the result's effectiveness, and quality management files it.  Who owns the
report follows the site's severity routing (technical director for major, technical
dept for important, the responsible dept for general); QM follows the reports the
routing files with it (major and important by default) to closure.  Filing sends the
outcome back to each request, so the sales company can tell the customer [§5.2.9].
"""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import relationship

from core import clock, sequences
from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.models import ErpUser, Site, user_reference, utcnow
from core.validation import changed, creating
from core.workflow import N_, Transition, TransitionRefused, Workflow

from ..vocab import SEVERITIES, code_problem
from .service_notification import ServiceNotification
from .service_record import ServiceRecord
from .service_routing_rule import rule_for
from .warranty_return import WarrantyReturn

class CapaReportRequest(Model):
    """Which requests a report answers.  Mapped (not a bare table) so that the table
    belongs to this addon's migrations; its rows are reached only through a report
    and a request, both scoped."""

    __tablename__ = "capa_report_request"
    capa_report_id = Column(Integer, ForeignKey("capa_report.id", ondelete="CASCADE"),
                            primary_key=True)
    service_request_id = Column(Integer, ForeignKey("service_request.id"),
                                primary_key=True, index=True)


FILED = "filed"
# the site's service managers tell the customer [002 §5.2.9]
TELL_CUSTOMER_ROLE = "Service Manager"


class CapaReport(Workflow, SiteScoped, Model):
    __tablename__ = "capa_report"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("capa_report", "-created_at"))
    __transitions__ = (
        Transition("submit", ("draft",), "rectifying", label=N_("Start the rectification")),
        Transition("review", ("rectifying",), "reviewed", needs_reason=True,
                   at="reviewed_at", why="effectiveness_review", by="reviewed_by_id",
                   label=N_("Review the effectiveness")),
        Transition("reopen", ("reviewed",), "rectifying", needs_reason=True,
                   label=N_("Not effective: rectify again")),
        Transition("file", ("reviewed",), FILED, at="filed_at", by="filed_by_id",
                   label=N_("File and inform the requests")),
    )
    id = Column(Integer, primary_key=True)
    number = Column(String(32), nullable=False)
    state = Column(String(16), nullable=False, default="draft", index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    # given, or the most severe of the requests answered (see _derive)
    severity = Column(String(16), nullable=False, default="general")
    # from the site's routing rule of the severity
    owner = Column(String(120))
    filed_with_qm = Column(Boolean, nullable=False, default=False)
    requests = relationship("ServiceRequest", secondary="capa_report_request",
                            order_by="ServiceRequest.id")
    nonconformity = Column(Text, nullable=False)
    # "if products were returned, the quantity goes in the description" [002 §5.3.1]
    returned_quantity = Column(Integer, nullable=False, default=0)
    root_cause = Column(Text)
    actions = Column(Text)
    effectiveness_review = Column(Text)
    reviewed_at = Column(DateTime)
    reviewed_by_id, reviewed_by = user_reference()
    filed_at = Column(DateTime)
    filed_by_id, filed_by = user_reference()
    tasks = relationship("CapaTask", back_populates="capa", cascade="all, delete-orphan",
                         order_by="CapaTask.due_on")

    def __repr__(self) -> str:
        return self.number or "new CAPA"

    # --- computed ----------------------------------------------------------------------
    def _derive(self) -> None:
        """The severity of the most severe request answered, unless given; the owner
        and QM filing from the site's routing; the quantity of parts returned against
        the requests, unless given."""
        if creating(self):
            self.created_at = self.created_at or utcnow()
            if not self.severity and self.requests:
                self.severity = min((r.severity for r in self.requests),
                                    key=lambda s: list(SEVERITIES).index(s)
                                    if s in SEVERITIES else len(SEVERITIES))
            if self.site_id is None and self.requests:
                self.site_id = self.requests[0].site_id
            if self.returned_quantity is None:
                self.returned_quantity = self.returned_from_requests()
        if self.site_id is not None and self.severity in SEVERITIES \
                and changed(self, "severity"):
            rule = rule_for(self.site_id, self.severity)
            self.owner = rule.capa_owner if rule else None
            self.filed_with_qm = bool(rule and rule.filed_with_qm)
        if self.site_id is not None and not self.number:
            self.number = self._next_number()

    def _check_severity(self):
        return code_problem(self.severity, "severity", SEVERITIES)

    def _check_requests(self):
        if not self.requests:
            return {"requests": _("Choose the service requests this report answers.")}
        if any(r.site_id != self.site_id for r in self.requests if self.site_id):
            return {"requests": _("A request of another site cannot be answered here.")}
        return None

    def _check_returned_quantity(self):
        if self.returned_quantity is not None and not 0 <= self.returned_quantity <= 1000000:
            return {"returned_quantity": _("The quantity cannot be negative.")}
        return None

    def _check_filed(self):
        if self.state == FILED and not creating(self) and changed(
                self, "nonconformity", "returned_quantity", "root_cause", "actions",
                "severity"):
            return {"nonconformity": _("A filed report is not changed.")}
        return None

    def _next_number(self) -> str:
        site = db.session.get(Site, self.site_id)
        prefix = f"{site.code.upper()}-CAPA-{clock.today(self.site_id, self.created_at):%Y%m}-"
        return sequences.next_number(CapaReport.__table__.c.number, self.site_id, prefix)

    def returned_from_requests(self) -> int:
        """Pieces received by the warranty returns of the answered requests' records."""
        request_ids = [r.id for r in self.requests if r.id is not None]
        if not request_ids:
            return 0
        returns = db.session.execute(select(WarrantyReturn).join(ServiceRecord).where(
            ServiceRecord.request_id.in_(request_ids))).scalars()
        return sum(r.received_total for r in returns)

    def open_tasks(self) -> list:
        return [task for task in self.tasks if task.done_on is None]

    # --- transitions --------------------------------------------------------------------
    def _check_submit(self, reason) -> None:
        missing = [label for label, value in ((_("root cause"), self.root_cause),
                                              (_("actions"), self.actions)) if not value]
        if missing or not self.tasks:
            raise TransitionRefused(_(
                "Report %(number)s needs its root cause, its actions and at least one "
                "dated task of the rectification schedule before it starts.",
                number=self.number))

    def _check_review(self, reason) -> None:
        if self.open_tasks():
            raise TransitionRefused(_(
                "Report %(number)s still has %(count)s task(s) of its schedule open; "
                "review the effectiveness once they are done.", number=self.number,
                count=len(self.open_tasks())))

    def _do_reopen(self, reason) -> None:
        self.effectiveness_review = None
        self.reviewed_at = None
        self.reviewed_by_id = None

    def _do_file(self, reason) -> None:
        """The outcome goes back to each request it answers, and the site's service
        managers are told to inform the customers [002 §5.2.8–5.2.9]."""
        day = clock.today(self.site_id, self.filed_at).isoformat()
        outcome = _("%(day)s %(number)s: %(review)s", day=day, number=self.number,
                    review=self.effectiveness_review)
        managers = [user for user in db.session.execute(select(ErpUser).where(
            ErpUser.site_id == self.site_id, ErpUser.active.is_(True))).scalars()
            if any(role.name == TELL_CUSTOMER_ROLE for role in user.roles)]
        for request in self.requests:
            request.capa_outcome = "\n".join(filter(None, (request.capa_outcome, outcome)))
            for manager in managers:
                db.session.add(ServiceNotification(
                    site_id=self.site_id, user_id=manager.id, request_id=request.id,
                    message=_("Corrective action report %(number)s is filed; tell the "
                              "customer of request %(request)s the outcome.",
                              number=self.number, request=request.number)[:255]))
