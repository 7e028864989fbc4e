"""What the contract models share: the party table, money parsing."""
from __future__ import annotations

import decimal

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Integer, select


class ContractParty(Model):
    """A contract's parties among the site's dealers (``contract.party_dealer_ids``).
    Mapped as a class, not a bare ``Table``, so that the addon's migrations own it;
    rows are written through ``Contract.party_dealers`` only."""

    __tablename__ = "contract_party"
    contract_id = Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"),
                         primary_key=True)
    dealer_id = Column(Integer, ForeignKey("dealer.id"), primary_key=True, index=True)


contract_party = ContractParty.__table__

#: a contract's states (``Contract``), here because its changes and claims check them
STATES = {
    "draft": _l("Draft"), "negotiating": _l("Negotiating"), "signed": _l("Signed"),
    "executing": _l("Executing"), "closed": _l("Closed"), "terminated": _l("Terminated"),
}
DRAFT, NEGOTIATING, SIGNED, EXECUTING, CLOSED, TERMINATED = STATES
#: states in which the contract binds: its amount and dates move only by approved changes
BINDING = (SIGNED, EXECUTING)
FINISHED = (CLOSED, TERMINATED)
CURRENCIES = {"CNY": _l("Renminbi (CNY)"), "USD": _l("US dollar (USD)"),
              "EUR": _l("Euro (EUR)"), "HKD": _l("Hong Kong dollar (HKD)")}
MONEY_LIMIT = decimal.Decimal("999999999999.99")


def party_contract_ids(dealer_id: int):
    """SQL: ids of the contracts where ``dealer_id`` is a party."""
    return select(contract_party.c.contract_id).where(contract_party.c.dealer_id == dealer_id)


class PartyContractScoped:
    """Rows of one contract (``contract_id``): a dealer's people see those of the
    contracts their dealer is a party to (``core.scope``)."""

    @classmethod
    def __dealer_criterion__(cls, dealer_id):
        return cls.contract_id.in_(party_contract_ids(dealer_id))


def money_problem(value, field: str, allow_negative: bool = False, allow_zero: bool = True):
    """A message for ``field`` when ``value`` is no amount of money, else None."""
    if value is None:
        return None
    try:
        amount = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return {field: _("Give an amount such as 1250.00.")}
    if not amount.is_finite() or abs(amount) > MONEY_LIMIT:
        return {field: _("The amount is out of range.")}
    if amount != amount.quantize(decimal.Decimal("0.01")):
        return {field: _("Give the amount to the cent (two decimals at most).")}
    if amount < 0 and not allow_negative:
        return {field: _("The amount cannot be negative.")}
    if amount == 0 and not allow_zero:
        return {field: _("The amount must be more than zero.")}
    return None

