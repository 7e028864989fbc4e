import datetime
import decimal
import re

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Boolean, Column, Date, DateTime, Integer, String, Text,
                        column, inspect, select, table)
from sqlalchemy.orm import relationship

from core import settings
from core.context import acting_as, acting_user
from core.events import emit
from core.extensions import db
from core.indexes import list_indexes
from core.mixins import OwnerScoped
from core.models import INTEGER_MAX, user_reference, utcnow
from core.names import code_name
from core.sites import enabled_addons
from core.validation import changed, creating, given, related
from core.workflow import N_, InvalidInput, Transition, TransitionRefused, Workflow

from ..vocab import (COUNTED, DRAFT, EDITABLE, FINANCE_APPROVED, MANAGER_APPROVED,
                     MANUFACTURER, MISSING_RECEIPT, ORGANISATIONS, PAID, REJECTED,
                     SALES_BRANCH, STATES, SUBMITTED, flag_message)

#: the role that approves a step above the approver's limit (the branch's head)
NEXT_LEVEL_ROLE = "Site Admin"
LONGEST_TRIP_DAYS = 366
TRIP_COLUMNS = ("destination", "trip_start", "trip_end")
CLAIM_COLUMNS = TRIP_COLUMNS + ("purpose", "dispatch_ids")
DISPATCH_ID_RE = re.compile(r"\d+")


class ExpenseClaim(Workflow, OwnerScoped, Model):
    """One staff member's claim for one trip (差旅费报销单): destination, dates, the
    service dispatches it served, and its lines.

    draft → submitted (the claimant) → manager_approved (a service manager) →
    finance_approved (finance) → paid (finance); ``reject`` (with a reason) sends a
    waiting claim back to the claimant as ``rejected``, who edits and submits it
    again; ``mark_fraud`` (finance, 弄虚作假) rejects it for good and emits
    ``travel_expense.fraud_found``, which the penalties addon turns into a proposed
    P-FRAUD record.  Nobody approves, pays or marks their own claim.  Above the
    site's limit of the approver's role (``manager_approval_limit``,
    ``finance_approval_limit``) the step needs the next level: a site admin.

    ``dispatch_ids`` holds the ids of the service_policy dispatches the trip served
    ("12,15"), without importing that addon: when it is enabled on the site each id
    must name a dispatch of the claimant (read with plain SQL); when it is not, the
    ids are kept as references.

    ``organisation`` is the claimant's employer when the claim is made (a user name
    in the site's ``sales_branch_staff`` setting: the sales branch, else the
    manufacturer); it decides who bears each travel line's cost (004 制度4 §9) and
    is kept with the claim, so a later change of the setting rewrites no claim.
    """

    __tablename__ = "expense_claim"
    __owner_column__ = "claimant_id"
    __table_args__ = list_indexes("expense_claim", "-trip_start", owner="claimant_id")

    id = Column(Integer, primary_key=True)
    claimant_id, claimant = user_reference(nullable=False, index=True)
    destination = Column(String(100), nullable=False)
    trip_start = Column(Date, nullable=False)
    trip_end = Column(Date, nullable=False)
    purpose = Column(Text)
    dispatch_ids = Column(String(200))
    organisation = Column(String(20), nullable=False, default=MANUFACTURER)
    state = Column(String(20), nullable=False, default=DRAFT, index=True)
    submitted_at = Column(DateTime)
    manager_approved_at = Column(DateTime)
    manager_approver_id, manager_approver = user_reference()
    finance_approved_at = Column(DateTime)
    finance_approver_id, finance_approver = user_reference()
    paid_at = Column(DateTime)
    rejected_at = Column(DateTime)
    reject_reason = Column(Text)
    fraud = Column(Boolean, nullable=False, default=False)
    # every page and list of claims shows their totals: the lines of a page of claims
    # come in one more statement, not one per claim
    lines = relationship("ExpenseLine", back_populates="claim", lazy="selectin",
                         order_by="(ExpenseLine.spent_on, ExpenseLine.id)")

    __transitions__ = (
        Transition("submit", (DRAFT, REJECTED), SUBMITTED, at="submitted_at",
                   label=N_("Submit")),
        Transition("approve", (SUBMITTED,), MANAGER_APPROVED, at="manager_approved_at",
                   by="manager_approver_id", label=N_("Approve")),
        Transition("finance_approve", (MANAGER_APPROVED,), FINANCE_APPROVED,
                   at="finance_approved_at", by="finance_approver_id",
                   label=N_("Approve for finance")),
        Transition("pay", (FINANCE_APPROVED,), PAID, at="paid_at", label=N_("Mark as paid")),
        Transition("reject", (SUBMITTED, MANAGER_APPROVED, FINANCE_APPROVED), REJECTED,
                   needs_reason=True, at="rejected_at", why="reject_reason",
                   label=N_("Reject")),
        Transition("mark_fraud", (SUBMITTED, MANAGER_APPROVED, FINANCE_APPROVED), REJECTED,
                   needs_reason=True, at="rejected_at", why="reject_reason",
                   label=N_("Mark as fraudulent")),
    )

    def __repr__(self) -> str:
        return f"#{self.id} {self.destination or ''}".strip()

    # --- computed values --------------------------------------------------------
    state_text = code_name("state", STATES)
    organisation_text = code_name("organisation", ORGANISATIONS)

    @property
    def total(self) -> decimal.Decimal:
        return sum((line.amount or decimal.Decimal("0.00") for line in self.lines),
                   decimal.Decimal("0.00"))

    @property
    def reimbursable_total(self) -> decimal.Decimal:
        return sum((line.amount or decimal.Decimal("0.00") for line in self.lines
                    if line.reimbursable), decimal.Decimal("0.00"))

    @property
    def trip_days(self) -> int:
        """Person-days of the trip: both the first and the last day count."""
        if not isinstance(self.trip_start, datetime.date) or \
                not isinstance(self.trip_end, datetime.date):
            return 0
        return (self.trip_end - self.trip_start).days + 1

    @property
    def flagged_lines(self) -> int:
        return sum(1 for line in self.lines if line.flags)

    @property
    def counted(self) -> bool:
        return self.state in COUNTED

    @property
    def dispatch_id_list(self) -> list[int]:
        return [int(part) for part in (self.dispatch_ids or "").split(",") if part]

    # --- derived and checked at every write (core.validation) -------------------
    def _derive(self) -> None:
        if self.claimant_id is None and self.claimant is None:
            actor = acting_user()
            if actor is not None:
                self.claimant = actor
        if isinstance(self.destination, str):
            self.destination = " ".join(self.destination.split())
        if isinstance(self.dispatch_ids, str):
            self.dispatch_ids = ",".join(
                str(int(number)) for number in DISPATCH_ID_RE.findall(self.dispatch_ids)
                if 0 < int(number) <= INTEGER_MAX) or None
        if creating(self):
            claimant = related(self, "claimant")
            if self.site_id is None and claimant is not None:
                self.site_id = claimant.site_id  # the scope stamps it later; needed now
            staff = settings.get(self.site_id, "travel_expense.sales_branch_staff") \
                if self.site_id else []
            self.organisation = SALES_BRANCH if claimant is not None and \
                claimant.username in (staff or []) else MANUFACTURER
        elif changed(self, *TRIP_COLUMNS):
            # the lines' checks depend on the trip: computed again with it
            for line in self.lines:
                line.compute_flags()

    def _check_editable(self):
        if creating(self) or not changed(self, *CLAIM_COLUMNS):
            return None
        history = inspect(self).attrs.state.history
        stored = history.deleted[0] if history.deleted else self.state
        if stored not in EDITABLE:
            raise TransitionRefused(_(
                "Claim %(id)s is %(state)s: only a draft or rejected claim can be "
                "changed.", id=self.id, state=str(STATES.get(stored, stored))))
        actor = acting_user()
        if actor is not None and actor.id != self.claimant_id:
            raise TransitionRefused(_("Only the person who travelled changes their claim."))
        return None

    def _check_claimant(self):
        claimant = related(self, "claimant")
        if claimant is None:
            return {"claimant_id": _("Who travelled? Choose a member of your site's staff.")}
        if claimant.dealer_id is not None:
            return {"claimant_id": _("%(name)s is a dealer's user, not a member of the "
                                     "site's staff.", name=claimant.username)}
        return None

    def _check_destination(self):
        return given(self, "destination", _("Give the trip's destination city."))

    def _check_trip(self):
        start, end = self.trip_start, self.trip_end
        problems = {}
        if not isinstance(start, datetime.date):
            problems["trip_start"] = _("Give the first day of the trip.")
        if not isinstance(end, datetime.date):
            problems["trip_end"] = _("Give the last day of the trip.")
        if problems:
            return problems
        if end < start:
            return {"trip_end": _("The trip cannot end (%(end)s) before it starts "
                                  "(%(start)s).", end=end, start=start)}
        if self.trip_days > LONGEST_TRIP_DAYS:
            return {"trip_end": _("A trip of more than %(days)s days is not one trip.",
                                  days=LONGEST_TRIP_DAYS)}
        return None

    def _check_dispatch_ids(self):
        """Each id names a dispatch of the claimant, when service_policy is enabled on
        the site (its table is read with plain SQL: no addon imports another)."""
        if not self.dispatch_ids or not changed(self, "dispatch_ids") or \
                self.site_id is None or "service_policy" not in enabled_addons(self.site_id):
            return None
        dispatch = table("service_dispatch", column("id"), column("site_id"),
                         column("technician_id"))
        wanted = self.dispatch_id_list
        claimant = related(self, "claimant")
        claimant_id = claimant.id if claimant else None
        found = set(db.session.connection().execute(
            select(dispatch.c.id).where(dispatch.c.id.in_(wanted),
                                        dispatch.c.site_id == self.site_id,
                                        dispatch.c.technician_id == claimant_id)
        ).scalars())
        missing = [number for number in wanted if number not in found]
        if missing:
            return {"dispatch_ids": _("Dispatch %(ids)s is not a dispatch of the person "
                                      "who travelled.",
                                      ids=", ".join(f"#{number}" for number in missing))}
        return None

    # --- transitions ------------------------------------------------------------
    def act(self, action: str, reason: str | None = None, user=None) -> None:
        """Apply ``action`` as ``user`` (outside a request: the demo, jobs)."""
        with acting_as(user):
            self.apply_transition(action, reason)

    def _check_submit(self, reason):
        actor = acting_user()
        if actor is not None and actor.id != self.claimant_id:
            raise TransitionRefused(_("Only the person who travelled submits their claim."))
        if self.fraud:
            raise TransitionRefused(_("Claim %(id)s was found fraudulent; it cannot be "
                                      "submitted again.", id=self.id))
        if not self.lines:
            raise InvalidInput({"lines": [_("Claim %(id)s has no lines: add what was spent.",
                                            id=self.id)]})
        missing = []
        for line in self.lines:
            line.compute_flags()
            if any(flag["code"] == MISSING_RECEIPT for flag in line.flags):
                missing.append(_("Line %(line)s (%(date)s): %(message)s", line=line.id,
                                 date=line.spent_on,
                                 message=flag_message(MISSING_RECEIPT, {"kind": line.kind})))
        if missing:
            raise InvalidInput({"lines": missing})

    def _check_approve(self, reason):
        actor = self._approver(N_("approve"))
        self._within_limit(actor, "travel_expense.manager_approval_limit",
                           _("the service manager's"))

    def _check_finance_approve(self, reason):
        actor = self._approver(N_("approve"))
        self._within_limit(actor, "travel_expense.finance_approval_limit", _("finance's"))

    def _check_pay(self, reason):
        self._approver(N_("pay"))

    def _check_mark_fraud(self, reason):
        self._approver(N_("mark as fraudulent"))

    def _do_mark_fraud(self, reason):
        self.fraud = True
        emit("travel_expense.fraud_found", self.site_id, technician_id=self.claimant_id,
             claim_id=self.id, occurred_at=utcnow().isoformat(), description=reason,
             source_ref=f"travel_expense:fraud:{self.id}")

    # --- helpers ----------------------------------------------------------------
    def _approver(self, verb: str):
        actor = acting_user()
        if actor is not None and actor.id == self.claimant_id:
            raise TransitionRefused(_("Nobody may %(verb)s their own claim; another "
                                      "approver does.", verb=_(verb)))
        return actor

    def _within_limit(self, actor, key: str, whose: str) -> None:
        limit = settings.get(self.site_id, key)
        total = self.total
        if actor is None or total <= limit or \
                NEXT_LEVEL_ROLE in {role.name for role in actor.roles}:
            return
        raise TransitionRefused(_(
            "Claim %(id)s comes to %(total)s yuan, above %(whose)s limit of %(limit)s "
            "yuan: the next level (a site admin) approves it.", id=self.id, total=total,
            whose=whose, limit=limit))
