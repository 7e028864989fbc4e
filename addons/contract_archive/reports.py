"""The contract reports of 003 三.3: payment summary (合同支付汇总表), approved change
summary (批准变更汇总表) and expenditure budget (合同支出预算表), per contract and per
site.  Summed and grouped in SQL; rows are dicts of plain values (Decimal money)."""
from __future__ import annotations

import decimal
import io

from flask_babel import gettext as _
from sqlalchemy import Numeric, and_, case, func, literal, select, type_coerce, union_all

from core import clock
from core.export import neutralise
from core.extensions import db

from .models import Contract, ContractChange, ContractPayment
from .models.common import CURRENCIES
from .models.contract import STATES
from .models.decision import APPROVED

ZERO = decimal.Decimal("0.00")
MONEY = Numeric(14, 2)


def _sum(column, condition=None):
    value = column if condition is None else case((condition, column), else_=None)
    return type_coerce(func.coalesce(func.sum(value), literal(0)), MONEY)


def _money(value) -> decimal.Decimal:
    return decimal.Decimal(value if value is not None else 0).quantize(ZERO)


def _contracts(site_id: int, contract_id: int | None):
    conditions = [Contract.site_id == site_id]
    if contract_id is not None:
        conditions.append(Contract.id == contract_id)
    return conditions


def _per_contract(site_id: int, contract_id: int | None, columns: tuple, sums: tuple,
                  join: tuple, outer: bool = True, then: tuple = ()):
    """Rows of ``columns`` (grouped by) and ``sums`` (aggregates over what ``join``,
    a target and its condition, adds) of the site's contracts, or of one, ordered by
    contract number and then ``then``."""
    return db.session.execute(
        select(*columns, *sums)
        .join(*join, isouter=outer)
        .where(*_contracts(site_id, contract_id))
        .group_by(*columns)
        .order_by(Contract.number, *then)).mappings()


def payment_summary(site_id: int, contract_id: int | None = None) -> dict:
    """Per contract: amount, planned, paid, still to pay on the contract, overdue
    (planned, due before today, unpaid); totals per currency."""
    today = clock.today(site_id)
    unpaid_due = and_(ContractPayment.paid_on.is_(None), ContractPayment.due_date < today)
    rows = []
    for row in _per_contract(
            site_id, contract_id,
            (Contract.id, Contract.number, Contract.title, Contract.state,
             Contract.currency, Contract.amount),
            (func.count(ContractPayment.id).label("payments"),
             func.count(ContractPayment.paid_on).label("paid_payments"),
             _sum(ContractPayment.amount).label("planned"),
             _sum(ContractPayment.paid_amount).label("paid"),
             _sum(ContractPayment.amount, unpaid_due).label("overdue")),
            (ContractPayment, ContractPayment.contract_id == Contract.id)):
        amount, paid = _money(row["amount"]), _money(row["paid"])
        rows.append({"contract_id": row["id"], "number": row["number"],
                     "title": row["title"], "state": row["state"],
                     "currency": row["currency"], "amount": amount,
                     "payments": row["payments"], "paid_payments": row["paid_payments"],
                     "planned": _money(row["planned"]), "paid": paid,
                     "to_pay": amount - paid, "overdue": _money(row["overdue"])})
    return {"rows": rows, "totals": _totals(rows, ("amount", "planned", "paid", "to_pay",
                                                   "overdue"))}


def change_summary(site_id: int, contract_id: int | None = None) -> dict:
    """Approved changes: per contract their count and net amount (the amount as
    signed = the amount now minus the approved changes), and each change."""
    approved = and_(ContractChange.contract_id == Contract.id,
                    ContractChange.state == APPROVED)
    rows = []
    for row in _per_contract(
            site_id, contract_id,
            (Contract.id, Contract.number, Contract.title, Contract.currency,
             Contract.amount, Contract.end_date),
            (func.count(ContractChange.id).label("changes"),
             _sum(ContractChange.amount_delta).label("delta")),
            (ContractChange, approved)):
        amount, delta = _money(row["amount"]), _money(row["delta"])
        rows.append({"contract_id": row["id"], "number": row["number"],
                     "title": row["title"], "currency": row["currency"],
                     "changes": row["changes"], "original_amount": amount - delta,
                     "approved_delta": delta, "amount": amount,
                     "end_date": row["end_date"].isoformat() if row["end_date"] else None})
    details = db.session.execute(
        select(ContractChange, Contract.number.label("contract_number"))
        .join(Contract, ContractChange.contract_id == Contract.id)
        .where(ContractChange.state == APPROVED, *_contracts(site_id, contract_id))
        .order_by(Contract.number, ContractChange.decided_at, ContractChange.id)).all()
    changes = [{"contract_number": number, "number": change.number,
                "description": change.description,
                "amount_delta": _money(change.amount_delta),
                "amount_before": _money(change.amount_before),
                "amount_after": _money(change.amount_after),
                "end_before": change.end_before.isoformat() if change.end_before else None,
                "end_after": change.end_after.isoformat() if change.end_after else None,
                "decided_at": change.decided_at.isoformat() if change.decided_at else None}
               for change, number in details]
    return {"rows": [row for row in rows if contract_id is not None or row["changes"]],
            "changes": changes,
            "totals": _totals(rows, ("changes", "original_amount", "approved_delta",
                                     "amount"))}


def budget(site_id: int, contract_id: int | None = None) -> dict:
    """Expenditure budget against actual payments, per contract and month: the
    budget is what is planned to fall due in the month, the actual what was paid in
    it; the difference is budget minus actual."""
    site = [ContractPayment.site_id == site_id]
    if contract_id is not None:
        site.append(ContractPayment.contract_id == contract_id)
    planned = select(ContractPayment.contract_id.label("contract_id"),
                     ContractPayment.due_month.label("month"),
                     ContractPayment.amount.label("budget"),
                     literal(0).label("actual")).where(*site)
    paid = select(ContractPayment.contract_id.label("contract_id"),
                  ContractPayment.paid_month.label("month"),
                  literal(0).label("budget"),
                  ContractPayment.paid_amount.label("actual")).where(
        *site, ContractPayment.paid_on.is_not(None))
    lines = union_all(planned, paid).subquery()
    rows = []
    for row in _per_contract(
            site_id, contract_id,
            (Contract.id, Contract.number, Contract.currency, lines.c.month),
            (type_coerce(func.sum(lines.c.budget), MONEY).label("budget"),
             type_coerce(func.sum(lines.c.actual), MONEY).label("actual")),
            (lines, lines.c.contract_id == Contract.id), outer=False, then=(lines.c.month,)):
        budget_, actual = _money(row["budget"]), _money(row["actual"])
        rows.append({"contract_id": row["id"], "number": row["number"],
                     "currency": row["currency"], "month": row["month"],
                     "budget": budget_, "actual": actual, "difference": budget_ - actual})
    return {"rows": rows, "totals": _totals(rows, ("budget", "actual", "difference"))}


def _totals(rows: list[dict], keys) -> list[dict]:
    """One total line per currency (amounts in different currencies are not added)."""
    totals: dict[str, dict] = {}
    for row in rows:
        total = totals.setdefault(row["currency"], {"currency": row["currency"],
                                                    **{key: 0 for key in keys}})
        for key in keys:
            total[key] += row[key]
    return [totals[currency] for currency in sorted(totals)]


REPORTS = {"payments": payment_summary, "changes": change_summary, "budget": budget}


def titles() -> dict:
    return {"payments": _("Contract payment summary"),
            "changes": _("Approved change summary"),
            "budget": _("Contract expenditure budget")}


def columns(report: str) -> list[tuple[str, str]]:
    """(key, heading) of a report's main table."""
    return {
        "payments": [("number", _("Contract number")), ("title", _("Contract title")),
                     ("state_text", _("State")), ("currency_text", _("Currency")),
                     ("amount", _("Contract amount")), ("payments", _("Payments planned")),
                     ("planned", _("Amount planned")), ("paid", _("Amount paid")),
                     ("to_pay", _("Still to pay")), ("overdue", _("Overdue"))],
        "changes": [("number", _("Contract number")), ("title", _("Contract title")),
                    ("currency_text", _("Currency")), ("changes", _("Approved changes")),
                    ("original_amount", _("Amount as signed")),
                    ("approved_delta", _("Approved changes (net)")),
                    ("amount", _("Amount now")), ("end_date", _("End date now"))],
        "budget": [("number", _("Contract number")), ("currency_text", _("Currency")),
                   ("month", _("Month")), ("budget", _("Budget (planned)")),
                   ("actual", _("Actual (paid)")), ("difference", _("Budget minus actual"))],
    }[report]


def change_columns() -> list[tuple[str, str]]:
    return [("contract_number", _("Contract number")), ("number", _("Change number")),
            ("description", _("Particulars")), ("amount_delta", _("Amount change")),
            ("amount_before", _("Amount before")), ("amount_after", _("Amount after")),
            ("end_before", _("End date before")), ("end_after", _("End date after")),
            ("decided_at", _("Approved at"))]


def with_labels(report: str, result: dict) -> dict:
    """Names for people next to the codes: the state, the currency."""
    for row in result["rows"] + result["totals"]:
        row["currency_text"] = str(CURRENCIES.get(row["currency"], row["currency"]))
        if "state" in row:
            row["state_text"] = str(STATES.get(row["state"], row["state"]))
    return result


def to_xlsx(report: str, result: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = titles()[report][:31]
    heads = columns(report)
    sheet.append([head for _key, head in heads])
    for row in result["rows"]:
        sheet.append([neutralise(row.get(key)) for key, _head in heads])
    for total in result["totals"]:
        sheet.append([neutralise(total.get(key)) if key in total else (
            _("Total") if index == 0 else "") for index, (key, _head) in enumerate(heads)])
    if report == "changes":
        details = workbook.create_sheet(_("Approved changes")[:31])
        details.append([head for _key, head in change_columns()])
        for change in result["changes"]:
            details.append([neutralise(change.get(key)) for key, _head in change_columns()])
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


def as_json(value):
    """Decimals as strings with two decimals, for the API."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    return value
