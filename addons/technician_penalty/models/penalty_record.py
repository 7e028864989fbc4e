import datetime
import decimal
import functools

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, Numeric, String, Text, inspect
from sqlalchemy.orm import object_session, relationship

from core import clock, settings
from core.context import acting_user
from core.events import emit
from core.extensions import db
from core.happened import happened
from core.indexes import list_indexes, unique_in_site
from core.localtime import as_utc
from core.mixins import OwnerScoped
from core.models import INTEGER_MAX, ErpUser, user_reference, utcnow
from core.names import code_name, computed
from core.storage import StoredFileMixin
from core.validation import changed, creating
from core.workflow import N_, InvalidInput, Transition, TransitionRefused, Workflow

from .penalty_rule import (ALLOWANCE_FORFEIT, COUNTED_KINDS, FINE, MONEY_KINDS, REWARD,
                           SANCTION_KINDS, PenaltyRule, describe_decision, describe_sanction,
                           parse_amount, parse_quantity)

STATES = {
    "proposed": _l("Proposed"),
    "verified": _l("Verified, awaiting HR"),
    "final": _l("Final"),
    "appealed": _l("Appealed, awaiting HR"),
    "dismissed": _l("Dismissed by the service manager"),
    "rejected": _l("Rejected by HR"),
    "annulled": _l("Annulled on appeal"),
}
PROPOSED, VERIFIED, FINAL, APPEALED, DISMISSED, REJECTED, ANNULLED = STATES
#: where a record comes from; the events of other addons fill source_ref/source_id
SOURCE_KINDS = {
    "manual": _l("By hand"),
    "complaint": _l("Customer complaint"),
    "late_arrival": _l("Late arrival"),
    "left_without_calling": _l("Left without calling"),
    "sixs_month": _l("6S month"),
    "expense_audit": _l("Expense audit"),
}
PHONE_OPTIONS = ("forfeit", "fine")
#: what a proposer writes; editable while the record is proposed
PROPOSAL_COLUMNS = ("technician_id", "technician", "rule_id", "rule", "occurred_at",
                    "evidence", "amount")
#: keys a transition may carry besides reason and version (HR's decision)
DECISION_KEYS = ("phone_option", "sanction", "amount", "quantity")
# a clock a few minutes fast must not refuse a record made "now"
FUTURE_SLACK = datetime.timedelta(minutes=10)


def appeal_last_day(decided_at: datetime.datetime, zone, days: int) -> datetime.date:
    """The last local day on which an appeal is accepted: the day of HR's decision
    plus ``days`` calendar days.  A decision on 3 November (local) with 7 days may
    be appealed through 10 November 23:59:59 local; from 11 November 00:00 it is late."""
    return clock.local_date(decided_at, zone) + datetime.timedelta(days=days)


def appeal_open(decided_at: datetime.datetime, now_utc: datetime.datetime, zone,
                days: int) -> bool:
    return clock.local_date(now_utc, zone) <= appeal_last_day(decided_at, zone, days)


def _proposal_check(check):
    """A ``_check_*`` of what the proposer writes: it looks only at a proposal being
    edited (afterwards the record moves by its actions)."""
    @functools.wraps(check)
    def checked(self):
        return check(self) if self._proposal_edited() else None

    return checked


class PenaltyRecord(Workflow, StoredFileMixin, OwnerScoped, Model):
    """One penalty or reward of one technician, from its proposal to its final form.

    proposed → verified (service manager) → HR: approve, change the sanction (with
    a reason) or reject → final.  The technician may appeal a final record once,
    within ``appeal_days`` local calendar days after HR's decision; HR upholds,
    amends or annuls it.  Only ``final`` records count in the ledger.

    The proposed sanction (``sanction``/``amount``/``quantity``) is copied from the
    rule when the record is made; HR's decision is kept apart (``final_*``), so the
    record shows both what was proposed and what was decided.  Records made from
    another addon's event carry that event's ``source_ref``, unique per site, so a
    replayed event creates nothing new.  One evidence file per record
    (``StoredFileMixin``); evidence text in ``evidence``.
    """

    __tablename__ = "penalty_record"
    __owner_column__ = "technician_id"
    __audit_readers__ = ("HR",)  # HR reads these records' trail through audit_log
    __table_args__ = (unique_in_site("source_ref"),
                      *list_indexes("penalty_record", "-occurred_at"))

    id = Column(Integer, primary_key=True)
    technician_id, technician = user_reference(nullable=False, index=True)
    rule_id = Column(Integer, ForeignKey("penalty_rule.id"), nullable=False, index=True)
    rule = relationship("PenaltyRule")
    occurred_at = happened(DateTime, nullable=False, index=True)
    evidence = Column(Text)
    source_kind = Column(String(24), nullable=False, default="manual")
    source_ref = Column(String(200))
    source_id = Column(Integer)
    source_detail = Column(JSON)
    sanction = Column(String(20), nullable=False)
    amount = Column(Numeric(12, 2), nullable=False, default=decimal.Decimal("0.00"))
    quantity = Column(Integer, nullable=False, default=1)
    state = Column(String(20), nullable=False, default=PROPOSED, index=True)
    final_sanction = Column(String(20))
    final_amount = Column(Numeric(12, 2))
    final_quantity = Column(Integer)
    verified_at = Column(DateTime)
    decided_at = Column(DateTime)
    decision_reason = Column(Text)
    appealed_at = Column(DateTime)
    appeal_reason = Column(Text)
    appeal_decided_at = Column(DateTime)
    appeal_decision_reason = Column(Text)

    __transitions__ = (
        Transition("verify", (PROPOSED,), VERIFIED, at="verified_at", label=N_("Verify")),
        Transition("dismiss", (PROPOSED,), DISMISSED, needs_reason=True,
                   why="decision_reason", label=N_("Dismiss")),
        Transition("hr_approve", (VERIFIED,), FINAL, at="decided_at", why="decision_reason",
                   label=N_("Approve")),
        Transition("hr_change", (VERIFIED,), FINAL, needs_reason=True, at="decided_at",
                   why="decision_reason", label=N_("Change the sanction")),
        Transition("hr_reject", (VERIFIED,), REJECTED, needs_reason=True, at="decided_at",
                   why="decision_reason", label=N_("Reject")),
        Transition("appeal", (FINAL,), APPEALED, needs_reason=True, at="appealed_at",
                   why="appeal_reason", label=N_("Appeal")),
        Transition("hr_uphold", (APPEALED,), FINAL, needs_reason=True,
                   at="appeal_decided_at", why="appeal_decision_reason",
                   label=N_("Uphold (refuse the appeal)")),
        Transition("hr_amend", (APPEALED,), FINAL, needs_reason=True,
                   at="appeal_decided_at", why="appeal_decision_reason",
                   label=N_("Amend on appeal")),
        Transition("hr_annul", (APPEALED,), ANNULLED, needs_reason=True,
                   at="appeal_decided_at", why="appeal_decision_reason",
                   label=N_("Annul on appeal")),
    )

    #: HR's decision for the next transition (phone_option, sanction, amount,
    #: quantity), set by the API or view from the request body; not a column
    pending_decision = None

    def __repr__(self) -> str:
        return f"#{self.id}"

    # --- computed values --------------------------------------------------------
    @property
    def is_reward(self) -> bool:
        return self.sanction == REWARD

    state_text = code_name("state", STATES)
    source_text = code_name("source_kind", SOURCE_KINDS)

    sanction_text = computed(describe_sanction, "sanction", "amount", "quantity")
    final_text = computed(describe_decision, "final_sanction", "final_amount",
                          "final_quantity")

    @property
    def timezone(self):
        return clock.site_zone(self.site_id)

    @property
    def month(self) -> str:
        """The site-local month the record counts for."""
        return clock.month_of(self.occurred_at, self.timezone) if self.occurred_at else ""

    @property
    def appeal_days(self) -> int:
        return settings.get(self.site_id, "technician_penalty.appeal_days")

    @property
    def appeal_last_day(self):
        """The last local day an appeal is accepted, or None before HR decided."""
        if self.decided_at is None:
            return None
        return appeal_last_day(self.decided_at, self.timezone, self.appeal_days)

    # --- the proposal: derived and checked at every write (core.validation) ------
    def _proposal_edited(self) -> bool:
        return changed(self, *PROPOSAL_COLUMNS)

    def _amount_given(self) -> bool:
        """Whether the proposer gave the amount: any amount of a rule whose amount is
        given per record; else a new one, or a changed one."""
        if self.amount is None:
            return False
        if self.rule is not None and self.rule.variable_amount:
            return True
        return creating(self) or changed(self, "amount")

    def _derive(self) -> None:
        """The rule and technician from their ids; the rule's sanction (and, unless
        given, its amount) copied onto a proposal."""
        if not self._proposal_edited():
            return
        self._resolve()
        if isinstance(self.occurred_at, datetime.datetime):
            self.occurred_at = as_utc(self.occurred_at)
        rule = self.rule
        if rule is None or not rule.active:
            return
        self.sanction, self.quantity = rule.sanction, rule.quantity or 1
        if self._amount_given():
            try:
                self.amount = parse_amount(self.amount, allow_zero=not rule.variable_amount)
            except InvalidInput:
                pass  # _check_amount says why
        elif not rule.variable_amount or (rule.amount and rule.amount > 0):
            self.amount = rule.amount

    def _check_editable(self):
        """Only a proposed record is edited; afterwards it moves by its actions."""
        if creating(self) or not self._proposal_edited():
            return None
        history = inspect(self).attrs.state.history
        stored = history.deleted[0] if history.deleted else self.state
        if stored != PROPOSED:
            raise TransitionRefused(_("Record %(id)s is %(state)s: only a proposed record "
                                      "can be edited.", id=self.id,
                                      state=str(STATES.get(stored, stored))))
        return None

    @_proposal_check
    def _check_rule(self):
        if self.rule is None:
            return {"rule_id": _("Choose a rule of your site.")}
        if not self.rule.active:
            return {"rule_id": _("Rule %(code)s is retired; choose a rule in use.",
                                 code=self.rule.code)}
        return None

    @_proposal_check
    def _check_technician(self):
        if self.technician is None:
            return {"technician_id": _("Choose a technician of your site.")}
        if self.technician.dealer_id is not None:
            return {"technician_id": _("%(name)s is a dealer's user, not a member of "
                                       "the site's staff.", name=self.technician.username)}
        return None

    @_proposal_check
    def _check_occurred_at(self):
        """A time typed by a person is not in the future; an event's time is its
        source's (the emitting addon checks it)."""
        if not isinstance(self.occurred_at, datetime.datetime):
            return {"occurred_at": _("Give the time it happened.")}
        if self.source_ref is None and self.occurred_at > utcnow() + FUTURE_SLACK:
            return {"occurred_at": _("The time it happened cannot be in the future.")}
        return None

    @_proposal_check
    def _check_amount(self):
        rule = self.rule
        if rule is None or not rule.active:
            return None
        if rule.variable_amount:
            if self._amount_given():
                parse_amount(self.amount)
            elif not (rule.amount and rule.amount > 0):
                return {"amount": _("Rule %(code)s has no fixed amount: give the amount.",
                                    code=rule.code)}
        elif self._amount_given() and \
                parse_amount(self.amount, allow_zero=True) != rule.amount:
            return {"amount": _("Rule %(code)s fixes the amount at %(amount)s yuan.",
                                code=rule.code, amount=rule.amount)}
        return None

    def _resolve(self) -> None:
        """Load the rule and technician named by id (an API body sets only the ids)
        through the scoped ORM: ids outside the caller's site resolve to nothing."""
        rule_id, technician_id = as_id(self.rule_id), as_id(self.technician_id)
        if self.rule_id is not None and (self.rule is None or self.rule.id != rule_id):
            self.rule = db.session.get(PenaltyRule, rule_id) if rule_id else None
        if self.technician_id is not None and (
                self.technician is None or self.technician.id != technician_id):
            self.technician = db.session.get(ErpUser, technician_id) if technician_id \
                else None

    def set_file(self, stored) -> None:
        if self.state not in (PROPOSED, VERIFIED):
            raise TransitionRefused(_("Record %(id)s is %(state)s: evidence is added before "
                                      "HR decides.", id=self.id, state=self.state_text))
        super().set_file(stored)

    # --- transitions ------------------------------------------------------------
    def decide(self, action: str, reason: str | None = None, **decision) -> None:
        """Apply a transition with HR's decision (phone_option, sanction, amount,
        quantity): what the API and the views do with the request body."""
        self.pending_decision = decision
        try:
            self.apply_transition(action, reason)
        finally:
            self.pending_decision = None

    def _decision(self) -> dict:
        return dict(self.pending_decision or {})

    def _check_hr_approve(self, reason):
        decision = self._decision()
        changed = {key for key in ("sanction", "amount", "quantity")
                   if decision.get(key) not in (None, "")}
        if changed:
            raise InvalidInput({key: [_("To change the sanction, use hr_change and give "
                                        "a reason.")] for key in changed})
        if self.sanction == ALLOWANCE_FORFEIT:
            option = decision.get("phone_option")
            if option not in PHONE_OPTIONS:
                raise InvalidInput({"phone_option": [_(
                    "Choose forfeit (the travel phone allowance of the month) or fine "
                    "(%(amount)s yuan).", amount=self.amount)]})
            self._final = ((ALLOWANCE_FORFEIT, decimal.Decimal("0.00"), 1)
                           if option == "forfeit" else (FINE, self.amount, 1))
        elif decision.get("phone_option") not in (None, ""):
            raise InvalidInput({"phone_option": [_("Only a phone-off record offers a "
                                                   "choice between forfeit and fine.")]})
        else:
            self._final = (self.sanction, self.amount, self.quantity)

    def _do_hr_approve(self, reason):
        self._set_final(*self._final)

    def _check_hr_change(self, reason):
        self._final = self._new_sanction((self.sanction, self.amount, self.quantity))

    def _do_hr_change(self, reason):
        self._set_final(*self._final)

    def _check_appeal(self, reason):
        if self.appealed_at is not None:
            raise TransitionRefused(_(
                "This record was appealed on %(date)s already; a record may be appealed "
                "once.", date=self.appealed_at.date().isoformat()))
        actor = acting_user()
        if actor is not None and actor.id != self.technician_id:
            raise TransitionRefused(_("Only the technician concerned may appeal against "
                                      "this record."))
        last_day = self.appeal_last_day
        if last_day is None or not appeal_open(self.decided_at, utcnow(), self.timezone,
                                               self.appeal_days):
            raise TransitionRefused(_(
                "The appeal period of %(days)s days after HR's decision ended on "
                "%(date)s.", days=self.appeal_days,
                date=last_day.isoformat() if last_day else "-"))

    def _check_hr_amend(self, reason):
        self._final = self._new_sanction(
            (self.final_sanction, self.final_amount, self.final_quantity))

    def _do_hr_amend(self, reason):
        before = self.final_sanction
        self.final_sanction, self.final_amount, self.final_quantity = self._final
        self._notify_phone_allowance(before)

    def _do_hr_annul(self, reason):
        if self.final_sanction == ALLOWANCE_FORFEIT:
            self._emit_phone("technician_penalty.phone_allowance_restored",
                             "technician_penalty:phone-restored")

    # --- helpers ----------------------------------------------------------------
    def _new_sanction(self, current: tuple) -> tuple:
        """HR's changed sanction from the pending decision, checked."""
        decision = self._decision()
        kind = decision.get("sanction")
        if kind not in SANCTION_KINDS:
            raise InvalidInput({"sanction": [_("Choose the new sanction: %(kinds)s.",
                                               kinds=", ".join(SANCTION_KINDS))]})
        if (kind == REWARD) != self.is_reward:
            raise InvalidInput({"sanction": [_("A reward stays a reward and a penalty stays "
                                               "a penalty.")]})
        amount = parse_amount(decision.get("amount")) if kind in MONEY_KINDS \
            else decimal.Decimal("0.00")
        quantity = parse_quantity(decision.get("quantity")) if kind in COUNTED_KINDS else 1
        kind_now, amount_now, quantity_now = current
        if (kind, amount, quantity) == (kind_now, decimal.Decimal(amount_now or 0),
                                        quantity_now or 1):
            raise InvalidInput({"sanction": [_("That is the sanction already on the "
                                               "record; nothing would change.")]})
        return kind, amount, quantity

    def _set_final(self, kind, amount, quantity):
        self.final_sanction, self.final_amount, self.final_quantity = kind, amount, quantity
        self._notify_phone_allowance(None)

    def _notify_phone_allowance(self, before) -> None:
        """travel_expense reduces (or gives back) the month's phone allowance."""
        after = self.final_sanction
        if after == ALLOWANCE_FORFEIT and before != ALLOWANCE_FORFEIT:
            self._emit_phone("technician_penalty.phone_allowance_forfeited",
                             "technician_penalty:phone")
        elif before == ALLOWANCE_FORFEIT and after != ALLOWANCE_FORFEIT:
            self._emit_phone("technician_penalty.phone_allowance_restored",
                             "technician_penalty:phone-restored")

    def _emit_phone(self, event: str, prefix: str) -> None:
        if self.id is None:
            object_session(self).flush()
        emit(event, self.site_id, technician_id=self.technician_id, month=self.month,
             record_id=self.id, source_ref=f"{prefix}:{self.id}")


def as_id(value) -> int | None:
    """A row id from a request body, or None for anything that is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= INTEGER_MAX else None
