"""A change (变更) of a signed contract: approved by procedure, it moves the
contract's amount or dates and keeps what they were."""
from __future__ import annotations

import decimal

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Date, Integer, Numeric

from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.workflow import InvalidInput

from .common import MONEY_LIMIT, money_problem
from .decision import ContractRecord


class ContractChange(ContractRecord, SiteScoped, Model):
    """003 三.2 ④: changes are inevitable and handled by the contract's procedure.
    ``amount_delta`` (positive or negative) and the new dates, if any, apply to the
    contract when the change is approved; ``*_before`` / ``*_after`` keep both."""

    __tablename__ = "contract_change"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("contract_change", "-id"))
    __proposal__ = ("amount_delta", "new_start_date", "new_end_date")

    id = Column(Integer, primary_key=True)
    amount_delta = Column(Numeric(14, 2), nullable=False, default=decimal.Decimal("0.00"))
    new_start_date = Column(Date)
    new_end_date = Column(Date)
    amount_before = Column(Numeric(14, 2))
    amount_after = Column(Numeric(14, 2))
    start_before = Column(Date)
    start_after = Column(Date)
    end_before = Column(Date)
    end_after = Column(Date)

    def _check_amount_delta(self):
        return money_problem(self.amount_delta, "amount_delta", allow_negative=True)

    def _changes_something(self) -> bool:
        return bool(self.amount_delta) or self.new_start_date is not None \
            or self.new_end_date is not None

    def _check_submit(self, reason):
        super()._check_submit(reason)
        if not self._changes_something():
            raise InvalidInput({"amount_delta": [_(
                "A change moves the amount or a date; this one changes nothing.")]})

    def _check_approve(self, reason):
        contract = self._binding_contract()
        amount = contract.amount + decimal.Decimal(self.amount_delta or 0)
        if amount > MONEY_LIMIT:
            raise InvalidInput({"amount_delta": [_("The amount is out of range.")]})
        if amount < 0:
            raise InvalidInput({"amount_delta": [_(
                "The contract's amount would become negative (%(amount)s).",
                amount=amount)]})
        start = self.new_start_date or contract.start_date
        end = self.new_end_date or contract.end_date
        if start and end and end < start:
            raise InvalidInput({"new_end_date": [_(
                "The contract would end (%(end)s) before it starts (%(start)s).",
                end=end, start=start)]})

    def _do_approve(self, reason):
        contract = self.contract
        self.amount_before, self.start_before, self.end_before = \
            contract.amount, contract.start_date, contract.end_date
        contract._by_change = True
        contract.amount = contract.amount + decimal.Decimal(self.amount_delta or 0)
        if self.new_start_date is not None:
            contract.start_date = self.new_start_date
        if self.new_end_date is not None:
            contract.end_date = self.new_end_date
        self.amount_after, self.start_after, self.end_after = \
            contract.amount, contract.start_date, contract.end_date
