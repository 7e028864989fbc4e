"""The codes of travel-expense claims (contract.md) and their names on the pages.

Each table names its codes once, with their labels; the constants below a table
name its codes in the table's order."""
from __future__ import annotations

import decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.numbers import money
from core.workflow import InvalidInput

STATES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted, awaiting the manager"),
    "manager_approved": _l("Approved by the manager, awaiting finance"),
    "finance_approved": _l("Approved by finance, awaiting payment"),
    "paid": _l("Paid"),
    "rejected": _l("Rejected"),
}
DRAFT, SUBMITTED, MANAGER_APPROVED, FINANCE_APPROVED, PAID, REJECTED = STATES
#: states in which the claimant edits the claim and its lines
EDITABLE = (DRAFT, REJECTED)
#: states in which the claim waits for an approver
PENDING = (SUBMITTED, MANAGER_APPROVED, FINANCE_APPROVED)
#: states whose money the monthly statistics count
COUNTED = (FINANCE_APPROVED, PAID)

KINDS = {
    "transport": _l("Transport"),
    "accommodation": _l("Accommodation"),
    "allowance": _l("Travel allowance"),
    "phone_allowance": _l("Phone allowance"),
    "materials": _l("Materials"),
    "freight": _l("Freight"),
}
TRANSPORT, ACCOMMODATION, ALLOWANCE, PHONE_ALLOWANCE, MATERIALS, FREIGHT = KINDS
#: the costs of travelling: who bears them follows the traveller's organisation
#: (004 制度4 §9: 差旅费、宿费、补助费); repair materials and freight are manufacturing cost
TRAVEL_KINDS = (TRANSPORT, ACCOMMODATION, ALLOWANCE, PHONE_ALLOWANCE)

ORGANISATIONS = {
    "sales_branch": _l("Sales branch staff"),
    "manufacturer": _l("After-sales staff of the manufacturer"),
}
SALES_BRANCH, MANUFACTURER = ORGANISATIONS
MANUFACTURING_COST = "manufacturing_cost"
COST_BEARERS = {
    SALES_BRANCH: _l("The sales branch"),
    MANUFACTURER: _l("The manufacturer"),
    MANUFACTURING_COST: _l("Manufacturing cost"),
}

FLAG_NAMES = {
    "date_outside_trip": _l("Date outside the trip"),
    "city_mismatch": _l("City differs from the destination"),
    "duplicate_invoice": _l("Duplicate invoice number"),
    "duplicate_file": _l("Duplicate receipt file"),
    "missing_receipt": _l("Receipt missing"),
    "over_daily_limit": _l("Over the daily limit"),
}
(DATE_OUTSIDE_TRIP, CITY_MISMATCH, DUPLICATE_INVOICE, DUPLICATE_FILE, MISSING_RECEIPT,
 OVER_DAILY_LIMIT) = FLAG_NAMES

MAX_AMOUNT = decimal.Decimal("9999999.99")


def flag_message(code: str, params: dict) -> str:
    """The sentence of a flag, in the reader's language."""
    if code == DATE_OUTSIDE_TRIP:
        return _("The receipt is dated %(date)s, outside the trip from %(start)s to "
                 "%(end)s.", **params)
    if code == CITY_MISMATCH:
        return _("The receipt is from %(city)s, not from the trip's destination "
                 "%(destination)s: it is not reimbursed unless a manager overrides it.",
                 **params)
    if code == DUPLICATE_INVOICE:
        return _("Invoice number %(invoice)s is also on claim %(claim)s.", **params)
    if code == DUPLICATE_FILE:
        return _("The same receipt file is also on claim %(claim)s.", **params)
    if code == MISSING_RECEIPT:
        return _("This line (%(kind)s) needs its receipt before the claim is submitted.",
                 kind=str(KINDS.get(params.get("kind"), params.get("kind"))))
    if code == OVER_DAILY_LIMIT:
        return _("%(kind)s on %(date)s comes to %(total)s yuan, over the daily limit of "
                 "%(limit)s yuan.", kind=str(KINDS.get(params.get("kind"), params.get("kind"))),
                 date=params.get("date"), total=params.get("total"),
                 limit=params.get("limit"))
    return code


def parse_amount(value, field: str = "amount") -> decimal.Decimal:
    """Yuan with two decimals, more than 0; 422 otherwise."""
    amount = money(value)
    if amount is None:
        raise InvalidInput({field: [_("Give the amount in yuan, for example 120.50.")]})
    if amount <= 0 or amount > MAX_AMOUNT:
        raise InvalidInput({field: [_("The amount must be more than 0.00 and at most "
                                      "%(max)s yuan.", max=MAX_AMOUNT)]})
    return amount


def same_city(one: str | None, other: str | None) -> bool:
    """Whether two city names name the same city: spaces, case and a trailing 市 do
    not count (广州市 = 广州 = " 广州 ")."""
    return bool(one and other) and _city_key(one) == _city_key(other)


def _city_key(name: str) -> str:
    key = "".join(name.split()).casefold()
    return key[:-1] if key.endswith("市") and len(key) > 1 else key
