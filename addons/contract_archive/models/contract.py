"""A contract: its parties, scope, amount, dates, payment terms and life cycle."""
from __future__ import annotations

import decimal

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Column, Date, DateTime, Integer, Numeric, String, Text,
                        func, inspect, select)
from sqlalchemy.orm import relationship

from core import clock
from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.models import Dealer
from core.names import code_name
from core.validation import changed, creating
from core.workflow import N_, Transition, TransitionRefused, Workflow

from .common import (BINDING, CLOSED, CURRENCIES, DRAFT, EXECUTING, FINISHED, NEGOTIATING,
                     SIGNED, STATES, TERMINATED, contract_party, money_problem,
                     party_contract_ids)
from .contract_change import ContractChange
from .contract_claim import ContractClaim

TERMS = ("amount", "start_date", "end_date")


class Contract(Workflow, SiteScoped, Model):
    """A contract of the site with dealers as parties (003 三.1: the scope — work
    content, technical specification, materials, schedule, each party's duties —
    written down precisely).  draft → negotiating → signed → executing → closed, or
    terminated with a reason.  Once signed, the amount and the dates change only by
    an approved change (``ContractChange``), which keeps the before and after."""

    __tablename__ = "contract"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("contract", "end_date"))

    id = Column(Integer, primary_key=True)
    number = Column(String(40), nullable=False)
    title = Column(String(200), nullable=False)
    # one statement for the parties of a whole list page, not one per contract
    party_dealers = relationship(Dealer, secondary=contract_party, order_by=Dealer.code,
                                 lazy="selectin")
    documents = relationship("ContractDocument", viewonly=True,
                             order_by="(ContractDocument.kind, ContractDocument.id)")
    counterparty = Column(String(200))
    work_content = Column(Text)
    technical_spec = Column(Text)
    materials = Column(Text)
    schedule = Column(Text)
    duties = Column(Text)
    amount = Column(Numeric(14, 2), nullable=False, default=decimal.Decimal("0.00"))
    currency = Column(String(3), nullable=False, default="CNY")
    start_date = Column(Date)
    end_date = Column(Date)
    payment_terms = Column(Text)
    state = Column(String(20), nullable=False, default=DRAFT, index=True)
    signed_on = Column(Date)
    closed_at = Column(DateTime)
    terminated_at = Column(DateTime)
    termination_reason = Column(Text)

    __transitions__ = (
        Transition("negotiate", (DRAFT,), NEGOTIATING, label=N_("Start negotiating")),
        Transition("sign", (NEGOTIATING,), SIGNED, label=N_("Sign")),
        Transition("execute", (SIGNED,), EXECUTING, label=N_("Start execution")),
        Transition("close", (EXECUTING,), CLOSED, at="closed_at", label=N_("Close")),
        Transition("terminate", (DRAFT, NEGOTIATING, SIGNED, EXECUTING), TERMINATED,
                   needs_reason=True, at="terminated_at", why="termination_reason",
                   label=N_("Terminate")),
    )

    #: set by an approved change for the flush that moves the amount or dates
    _by_change = False

    @classmethod
    def __dealer_criterion__(cls, dealer_id):
        """A dealer's people read the contracts their dealer is a party to."""
        return cls.id.in_(party_contract_ids(dealer_id))

    def __repr__(self) -> str:
        return f"{self.number} {self.title}"

    # --- computed values --------------------------------------------------------
    @property
    def party_dealer_ids(self) -> list[int]:
        return [dealer.id for dealer in self.party_dealers]

    @property
    def parties_text(self) -> str:
        names = [dealer.name for dealer in self.party_dealers]
        if self.counterparty:
            names.append(self.counterparty)
        return "、".join(names)

    state_text = code_name("state", STATES)
    currency_text = code_name("currency", CURRENCIES)

    # --- checks -----------------------------------------------------------------
    def _derive(self) -> None:
        self.number = (self.number or "").strip() or None
        self.title = (self.title or "").strip() or None
        self.currency = (self.currency or "CNY").strip().upper()

    def _check_number(self):
        return None if self.number else {"number": _("Give the contract number.")}

    def _check_title(self):
        return None if self.title else {"title": _("Give the contract's title.")}

    def _check_currency(self):
        if self.currency not in CURRENCIES:
            return {"currency": _("Choose a currency: %(codes)s.", codes=", ".join(CURRENCIES))}
        return None

    def _check_amount(self):
        return money_problem(self.amount, "amount")

    def _check_dates(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            return {"end_date": _("The contract cannot end (%(end)s) before it starts "
                                  "(%(start)s).", end=self.end_date, start=self.start_date)}
        return None

    def _check_terms(self):
        """Signed terms move only through an approved change; a finished contract
        does not move at all."""
        if creating(self) or self._by_change:
            return None
        stored = self._stored_state()
        if stored in FINISHED and self._edited():
            raise TransitionRefused(_("Contract %(number)s is %(state)s and can no longer "
                                      "be edited.", number=self.number,
                                      state=str(STATES[stored])))
        if stored in BINDING and changed(self, *TERMS):
            return {name: _("Contract %(number)s is signed: its amount and dates change "
                            "only through an approved change.", number=self.number)
                    for name in TERMS if changed(self, name)}
        return None

    def _check_delete(self):
        if self._stored_state() != DRAFT:
            return {"state": _("Only a draft contract can be deleted; terminate it "
                               "instead.")}
        return None

    # --- transitions --------------------------------------------------------------
    def _check_sign(self, reason):
        missing = [label for label, value in (
            (_("a party"), self.party_dealers or self.counterparty),
            (_("an amount"), self.amount and self.amount > 0),
            (_("a start date"), self.start_date), (_("an end date"), self.end_date),
            (_("the work content"), self.work_content),
            (_("the payment terms"), self.payment_terms)) if not value]
        if missing:
            raise TransitionRefused(_("Contract %(number)s cannot be signed without "
                                      "%(missing)s.", number=self.number,
                                      missing=", ".join(missing)))

    def _do_sign(self, reason):
        if self.signed_on is None:
            self.signed_on = clock.today(self.site_id)

    def _check_close(self, reason):
        open_count = sum(db.session.execute(
            select(func.count()).select_from(model).where(
                model.contract_id == self.id, model.state == "submitted")).scalar()
            for model in (ContractChange, ContractClaim))
        if open_count:
            raise TransitionRefused(_("Contract %(number)s has %(count)s change or claim "
                                      "awaiting a decision; decide them first.",
                                      number=self.number, count=open_count))

    # --- helpers ------------------------------------------------------------------
    def _stored_state(self):
        history = inspect(self).attrs.state.history
        return history.deleted[0] if history.deleted else self.state

    def _edited(self) -> bool:
        state = inspect(self)
        ignored = {"state", "version", "closed_at", "terminated_at", "termination_reason"}
        return any(attr.history.has_changes() for attr in state.attrs
                   if attr.key not in ignored)
