"""What a change and a claim share: a record of a contract with its own approval,
draft → submitted → approved or rejected (with a reason)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, inspect
from sqlalchemy.orm import declared_attr, relationship

from core.names import code_name
from core.validation import changed, creating, related
from core.workflow import N_, Transition, TransitionRefused, Workflow

from .common import BINDING, STATES as CONTRACT_STATES, PartyContractScoped

STATES = {"draft": _l("Draft"), "submitted": _l("Submitted, awaiting approval"),
          "approved": _l("Approved"), "rejected": _l("Rejected")}
DRAFT, SUBMITTED, APPROVED, REJECTED = STATES
TRANSITIONS = (
    Transition("submit", (DRAFT,), SUBMITTED, at="submitted_at",
               label=N_("Submit for approval")),
    Transition("approve", (SUBMITTED,), APPROVED, at="decided_at", why="decision_reason",
               label=N_("Approve")),
    Transition("reject", (SUBMITTED,), REJECTED, needs_reason=True, at="decided_at",
               why="decision_reason", label=N_("Reject")),
)


class ContractRecord(PartyContractScoped, Workflow):
    """A numbered record of one contract, decided by approval."""

    #: what the record says; edited only while it is a draft
    __proposal__: tuple[str, ...] = ()

    @declared_attr
    def contract_id(cls):
        return Column(Integer, ForeignKey("contract.id"), nullable=False, index=True)

    @declared_attr
    def contract(cls):
        return relationship("Contract")

    number = Column(String(40), nullable=False)
    description = Column(Text, nullable=False)
    state = Column(String(20), nullable=False, default=DRAFT, index=True)
    submitted_at = Column(DateTime)
    decided_at = Column(DateTime)
    decision_reason = Column(Text)

    __transitions__ = TRANSITIONS

    def __repr__(self) -> str:
        return self.number or ""

    state_text = code_name("state", STATES)

    def _derive(self) -> None:
        self.number = (self.number or "").strip() or None
        self.description = (self.description or "").strip() or None

    def _check_number(self):
        return None if self.number else {"number": _("Give the number.")}

    def _check_description(self):
        return None if self.description else {"description": _("Describe it.")}

    def _check_editable(self):
        if creating(self) or not changed(self, "contract_id", "number", "description",
                                         *self.__proposal__):
            return None
        history = inspect(self).attrs.state.history
        stored = history.deleted[0] if history.deleted else self.state
        if stored != DRAFT:
            raise TransitionRefused(_("%(number)s is %(state)s: only a draft can be edited.",
                                      number=self.number, state=str(STATES[stored])))
        return None

    def _check_contract(self):
        contract = related(self, "contract")
        if contract is None:
            return {"contract_id": _("Choose a contract of your site.")}
        return None

    def _check_delete(self):
        return {"state": _("Changes and claims are kept; reject it instead.")}

    def _binding_contract(self):
        contract = related(self, "contract")
        if contract is None or contract.state not in BINDING:
            state = CONTRACT_STATES.get(contract.state) if contract else ""
            raise TransitionRefused(_(
                "Contract %(number)s is %(state)s: changes and claims are decided while "
                "it is signed or executing.", number=contract.number if contract else "-",
                state=str(state)))
        return contract

    def _check_submit(self, reason):
        self._binding_contract()

    def _check_approve(self, reason):
        self._binding_contract()
