"""A payment of a contract: planned (the expenditure budget) and, once made, paid."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import relationship

from core import clock
from core.indexes import list_indexes
from core.mixins import SiteScoped
from core.validation import chosen, related

from .common import BINDING, CLOSED, STATES as CONTRACT_STATES, PartyContractScoped, money_problem


class ContractPayment(PartyContractScoped, SiteScoped, Model):
    """003 三.2 ⑤ and 三.3: the progress payments of a contract.  ``amount`` on
    ``due_date`` is the budget; ``paid_amount`` on ``paid_on`` what was paid.
    ``due_month`` and ``paid_month`` are kept so that the reports group in SQL
    the same way on SQLite and PostgreSQL."""

    __tablename__ = "contract_payment"
    __table_args__ = list_indexes("contract_payment", "due_date")

    id = Column(Integer, primary_key=True)
    contract_id = Column(Integer, ForeignKey("contract.id"), nullable=False, index=True)
    contract = relationship("Contract")
    description = Column(Text, nullable=False)
    due_date = Column(Date, nullable=False)
    amount = Column(Numeric(14, 2), nullable=False)
    paid_on = Column(Date)
    paid_amount = Column(Numeric(14, 2))
    due_month = Column(String(7), index=True)
    paid_month = Column(String(7), index=True)

    def __repr__(self) -> str:
        return f"{self.description} {self.due_date}"

    def _derive(self) -> None:
        self.description = (self.description or "").strip() or None
        self.due_month = self.due_date.strftime("%Y-%m") if self.due_date else None
        self.paid_month = self.paid_on.strftime("%Y-%m") if self.paid_on else None

    def _check_description(self):
        return None if self.description else {"description": _("Say what the payment is for.")}

    def _check_due_date(self):
        return None if self.due_date else {"due_date": _("Give the day it is due.")}

    def _check_amount(self):
        if self.amount is None:
            return {"amount": _("Give the amount planned.")}
        return money_problem(self.amount, "amount", allow_zero=False)

    def _check_paid(self):
        if self.paid_on is None and self.paid_amount is None:
            return None
        if self.paid_on is None:
            return {"paid_on": _("Give the day it was paid.")}
        if self.paid_amount is None:
            return {"paid_amount": _("Give the amount paid.")}
        problem = money_problem(self.paid_amount, "paid_amount", allow_zero=False)
        if problem:
            return problem
        if self.paid_on > clock.today(self.site_id):
            return {"paid_on": _("A payment cannot be made in the future.")}
        contract = related(self, "contract")
        if contract is not None and contract.state not in (*BINDING, CLOSED):
            return {"paid_on": _("Contract %(number)s is %(state)s: payments are made "
                                 "under a signed contract.", number=contract.number,
                                 state=str(CONTRACT_STATES[contract.state]))}
        return None

    def _check_contract(self):
        return chosen(self, "contract", _("Choose a contract of your site."), "contract_id")
