"""A claim (索赔) under a contract, decided by approval."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Integer, Numeric, String, UniqueConstraint

from core.indexes import list_indexes
from core.mixins import SiteScoped
from core.workflow import InvalidInput

from .common import money_problem
from .decision import ContractRecord

CLAIMANTS = {"ours": _l("We claim from the other party"),
             "theirs": _l("The other party claims from us")}


class ContractClaim(ContractRecord, SiteScoped, Model):
    """003 三.4: the claims procedure.  The amount approved is at most the amount
    claimed; empty when approving, it is the amount claimed."""

    __tablename__ = "contract_claim"
    __table_args__ = (UniqueConstraint("site_id", "number"),
                      *list_indexes("contract_claim", "id"))
    __proposal__ = ("claimant", "amount_claimed")

    id = Column(Integer, primary_key=True)
    claimant = Column(String(10), nullable=False, default="ours")
    amount_claimed = Column(Numeric(14, 2), nullable=False)
    amount_approved = Column(Numeric(14, 2))

    @property
    def claimant_text(self) -> str:
        return str(CLAIMANTS.get(self.claimant, self.claimant))

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

    def _check_approve(self, reason):
        super()._check_approve(reason)
        if self.amount_approved is not None and self.amount_claimed is not None and \
                self.amount_approved > self.amount_claimed:
            raise InvalidInput({"amount_approved": [_(
                "At most the amount claimed (%(amount)s) can be approved.",
                amount=self.amount_claimed)]})

    def _do_approve(self, reason):
        super()._do_approve(reason)
        if self.amount_approved is None:
            self.amount_approved = self.amount_claimed
