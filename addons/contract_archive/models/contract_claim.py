"""A claim (索赔) under a contract, decided by approval."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Integer, Numeric, String, inspect

from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.names import code_name
from core.validation import changed, creating
from core.workflow import InvalidInput, TransitionRefused

from .common import money_problem
from .decision import APPROVED, REJECTED, STATES, ContractRecord

CLAIMANTS = {"ours": _l("We claim from the other party"),
             "theirs": _l("The other party claims from us")}


class ContractClaim(ContractRecord, SiteScoped, Model):
    """003 三.4: the claims procedure.  The service manager proposes the amount to
    approve (``amount_approved``, editable until the decision); Finance or the site
    admin approves at most the amount claimed (empty: the amount claimed)."""

    __tablename__ = "contract_claim"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("contract_claim", "-id"))
    __proposal__ = ("claimant", "amount_claimed")

    id = Column(Integer, primary_key=True)
    claimant = Column(String(10), nullable=False, default="ours")
    amount_claimed = Column(Numeric(14, 2), nullable=False)
    amount_approved = Column(Numeric(14, 2))

    claimant_text = code_name("claimant", CLAIMANTS)

    def _check_claimant(self):
        if self.claimant not in CLAIMANTS:
            return {"claimant": _("Choose who claims: ours or theirs.")}
        return None

    def _check_amount_claimed(self):
        if self.amount_claimed is None:
            return {"amount_claimed": _("Give the amount claimed.")}
        return money_problem(self.amount_claimed, "amount_claimed", allow_zero=False)

    def _check_amount_approved(self):
        return money_problem(self.amount_approved, "amount_approved")

    def _check_decided(self):
        """The amount approved stands once the claim is decided."""
        if creating(self) or not changed(self, "amount_approved"):
            return None
        history = inspect(self).attrs.state.history
        stored = history.deleted[0] if history.deleted else self.state
        if stored in (APPROVED, REJECTED):
            raise TransitionRefused(_("%(number)s is %(state)s: only a draft can be edited.",
                                      number=self.number, state=str(STATES[stored])))
        return None

    def _check_approve(self, reason):
        super()._check_approve(reason)
        if self.amount_approved is not None and self.amount_claimed is not None and \
                self.amount_approved > self.amount_claimed:
            raise InvalidInput({"amount_approved": [_(
                "At most the amount claimed (%(amount)s) can be approved.",
                amount=self.amount_claimed)]})

    def _do_approve(self, reason):
        if self.amount_approved is None:
            self.amount_approved = self.amount_claimed
