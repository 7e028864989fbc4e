"""The contract reports of 003 三.3: payment summary (合同支付汇总表), approved change
summary (批准变更汇总表) and expenditure budget (合同支出预算表), per contract and per
site.  Summed and grouped in SQL; rows are dicts of plain values (Decimal money).

A report's rows stream from the database (fetched ``core.export.BATCH`` at a time, a
server-side cursor on PostgreSQL) and are added to the per-currency totals as they
pass, so that the XLSX file (:func:`to_xlsx`, openpyxl's write-only mode) of a site
with 100,000 contracts is written in constant memory, and so is the JSON answer
(``core.export.json_file`` of :meth:`Report.tables`).  The page holds the first
``PAGE_ROWS`` rows of each table in memory (:meth:`Report.result`)."""
from __future__ import annotations

import decimal

from flask_babel import gettext as _
from sqlalchemy import Numeric, and_, case, func, literal, select, type_coerce, union_all

from core import clock
from core.export import BATCH, Remembered, neutralise
from core.extensions import db

from .models import Contract, ContractChange, ContractPayment
from .models.common import CURRENCIES, STATES
from .models.decision import APPROVED

ZERO = decimal.Decimal("0.00")
MONEY = Numeric(14, 2)


def _sum(column, condition=None):
    value = column if condition is None else case((condition, column), else_=None)
    return type_coerce(func.coalesce(func.sum(value), literal(0)), MONEY)


def _money(value) -> decimal.Decimal:
    return decimal.Decimal(value if value is not None else 0).quantize(ZERO)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _streamed(statement):
    """The statement's rows as mappings, fetched ``BATCH`` at a time."""
    return db.session.execute(statement.execution_options(yield_per=BATCH)).mappings()


def _kept(rows, limit: int | None) -> tuple[list, int]:
    """(the first ``limit`` of ``rows`` in a list, or all of them; how many more
    there were)."""
    kept, more = [], 0
    for row in rows:
        if limit is None or len(kept) < limit:
            kept.append(row)
        else:
            more += 1
    return kept, more


def _names(vocabulary: dict) -> Remembered:
    """A code's name in the request's language, translated once per report rather
    than once per row."""
    return Remembered(lambda code: str(vocabulary.get(code, code)))


class Totals:
    """One total line per currency (amounts in different currencies are not added),
    added up as the rows pass."""

    def __init__(self, keys: tuple):
        self.keys = keys
        self._by_currency: dict[str, dict] = {}

    def add(self, row: dict) -> None:
        total = self._by_currency.get(row["currency"])
        if total is None:
            total = self._by_currency[row["currency"]] = {
                "currency": row["currency"], **{key: 0 for key in self.keys},
                "currency_text": row["currency_text"]}
        for key in self.keys:
            total[key] += row[key]

    def lines(self) -> list[dict]:
        return [self._by_currency[currency] for currency in sorted(self._by_currency)]


class Report:
    """A report of the site's contracts, or of one (``contract_id``).  ``rows()``
    streams them and adds each to ``totals`` as it passes: read it once, then the
    totals."""

    #: its key in ``REPORTS`` (the URL's), of its title and columns
    name = ""
    #: the keys added up per currency
    totalled: tuple = ()

    def __init__(self, site_id: int, contract_id: int | None = None):
        self.site_id, self.contract_id = site_id, contract_id
        self.totals = Totals(self.totalled)

    def rows(self):
        """The rows shown, with the currency's name, each added to the totals: a
        total line is the sum of the lines above it."""
        currencies = _names(CURRENCIES)
        for row in self._lines():
            if self.shows(row):
                row["currency_text"] = currencies[row["currency"]]
                self.totals.add(row)
                yield row

    def shows(self, row: dict) -> bool:
        return True

    def tables(self) -> dict:
        """The report's tables by their key in its answer, not read yet: each an
        iterator of its lines, except the totals, a callable to call once the rows
        have passed."""
        return {"rows": self.rows(), "totals": self.totals.lines}

    def result(self, limit: int | None = None) -> dict:
        """The tables in memory: all of their lines, or the first ``limit`` of each
        (the page) and how many more there are (``more`` rows, ``more_changes``)."""
        result = {}
        for key, table in self.tables().items():
            if callable(table):
                result[key] = table()
                continue
            result[key], more = _kept(table, limit)
            if limit is not None:
                result["more" if key == "rows" else f"more_{key}"] = more
        return result

    def _lines(self):
        raise NotImplementedError

    def _contracts(self) -> list:
        conditions = [Contract.site_id == self.site_id]
        if self.contract_id is not None:
            conditions.append(Contract.id == self.contract_id)
        return conditions

    def _per_contract(self, columns: tuple, sums: tuple, join: tuple, outer: bool = True,
                      then: tuple = ()):
        """Rows of ``columns`` (grouped by) and ``sums`` (aggregates over what
        ``join``, a target and its condition, adds) of the site's contracts, or of
        one, ordered by contract number and then ``then``."""
        return _streamed(
            select(*columns, *sums)
            .join(*join, isouter=outer)
            .where(*self._contracts())
            .group_by(*columns)
            .order_by(Contract.number, *then))


class PaymentSummary(Report):
    """Per contract: amount, planned, paid, still to pay on the contract, overdue
    (planned, due before today, unpaid); totals per currency."""

    name = "payments"
    totalled = ("amount", "planned", "paid", "to_pay", "overdue")

    def _lines(self):
        today = clock.today(self.site_id)
        unpaid_due = and_(ContractPayment.paid_on.is_(None), ContractPayment.due_date < today)
        states = _names(STATES)
        for row in self._per_contract(
                (Contract.id, Contract.number, Contract.title, Contract.state,
                 Contract.currency, Contract.amount),
                (func.count(ContractPayment.id).label("payments"),
                 func.count(ContractPayment.paid_on).label("paid_payments"),
                 _sum(ContractPayment.amount).label("planned"),
                 _sum(ContractPayment.paid_amount).label("paid"),
                 _sum(ContractPayment.amount, unpaid_due).label("overdue")),
                (ContractPayment, ContractPayment.contract_id == Contract.id)):
            amount, paid = _money(row["amount"]), _money(row["paid"])
            yield {"contract_id": row["id"], "number": row["number"],
                   "title": row["title"], "state": row["state"],
                   "currency": row["currency"], "amount": amount,
                   "payments": row["payments"], "paid_payments": row["paid_payments"],
                   "planned": _money(row["planned"]), "paid": paid,
                   "to_pay": amount - paid, "overdue": _money(row["overdue"]),
                   "state_text": states[row["state"]]}


class ChangeSummary(Report):
    """Approved changes: per contract their count and net amount (the amount as
    signed = the amount now minus the approved changes), and each change
    (``details()``).  The site's report shows the contracts with a change, and its
    totals are of those."""

    name = "changes"
    totalled = ("changes", "original_amount", "approved_delta", "amount")

    def shows(self, row: dict) -> bool:
        return self.contract_id is not None or bool(row["changes"])

    def _lines(self):
        approved = and_(ContractChange.contract_id == Contract.id,
                        ContractChange.state == APPROVED)
        for row in self._per_contract(
                (Contract.id, Contract.number, Contract.title, Contract.currency,
                 Contract.amount, Contract.end_date),
                (func.count(ContractChange.id).label("changes"),
                 _sum(ContractChange.amount_delta).label("delta")),
                (ContractChange, approved)):
            amount, delta = _money(row["amount"]), _money(row["delta"])
            yield {"contract_id": row["id"], "number": row["number"],
                   "title": row["title"], "currency": row["currency"],
                   "changes": row["changes"], "original_amount": amount - delta,
                   "approved_delta": delta, "amount": amount,
                   "end_date": _iso(row["end_date"])}

    def details(self):
        """Each approved change, by contract number and when it was approved."""
        for row in _streamed(
                select(Contract.number.label("contract_number"), ContractChange.number,
                       ContractChange.description, ContractChange.amount_delta,
                       ContractChange.amount_before, ContractChange.amount_after,
                       ContractChange.end_before, ContractChange.end_after,
                       ContractChange.decided_at)
                .join(Contract, ContractChange.contract_id == Contract.id)
                .where(ContractChange.state == APPROVED, *self._contracts())
                .order_by(Contract.number, ContractChange.decided_at, ContractChange.id)):
            yield {"contract_number": row["contract_number"], "number": row["number"],
                   "description": row["description"],
                   "amount_delta": _money(row["amount_delta"]),
                   "amount_before": _money(row["amount_before"]),
                   "amount_after": _money(row["amount_after"]),
                   "end_before": _iso(row["end_before"]),
                   "end_after": _iso(row["end_after"]),
                   "decided_at": _iso(row["decided_at"])}

    def tables(self) -> dict:
        return {**super().tables(), "changes": self.details()}


class Budget(Report):
    """Expenditure budget against actual payments, per contract and month: the
    budget is what is planned to fall due in the month, the actual what was paid in
    it; the difference is budget minus actual."""

    name = "budget"
    totalled = ("budget", "actual", "difference")

    def _lines(self):
        site = [ContractPayment.site_id == self.site_id]
        if self.contract_id is not None:
            site.append(ContractPayment.contract_id == self.contract_id)
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
        for row in self._per_contract(
                (Contract.id, Contract.number, Contract.currency, lines.c.month),
                (type_coerce(func.sum(lines.c.budget), MONEY).label("budget"),
                 type_coerce(func.sum(lines.c.actual), MONEY).label("actual")),
                (lines, lines.c.contract_id == Contract.id), outer=False,
                then=(lines.c.month,)):
            budget, actual = _money(row["budget"]), _money(row["actual"])
            yield {"contract_id": row["id"], "number": row["number"],
                   "currency": row["currency"], "month": row["month"],
                   "budget": budget, "actual": actual, "difference": budget - actual}


REPORTS = {report.name: report for report in (PaymentSummary, ChangeSummary, Budget)}
#: rows of each table the page shows; the XLSX file has them all
PAGE_ROWS = 500


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


def to_xlsx(report: Report, target) -> None:
    """The report written row by row into ``target`` (a file): its table, a
    total line per currency, and for the changes a sheet of each change.  openpyxl's
    write-only mode keeps a sheet in a temporary file, not in memory."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    heads = columns(report.name)
    sheet = workbook.create_sheet(titles()[report.name][:31])
    sheet.append([head for _key, head in heads])
    for row in report.rows():
        sheet.append([_cell(row.get(key)) for key, _head in heads])
    for total in report.totals.lines():
        sheet.append([_cell(total.get(key)) if key in total else (
            _("Total") if index == 0 else "") for index, (key, _head) in enumerate(heads)])
    if isinstance(report, ChangeSummary):
        details = workbook.create_sheet(_("Approved changes")[:31])
        heads = change_columns()
        details.append([head for _key, head in heads])
        for change in report.details():
            details.append([_cell(change.get(key)) for key, _head in heads])
    workbook.save(target)


def _cell(value):
    """A value as a cell: text neutralised (``core.export.neutralise``), money as
    its float — what openpyxl writes of any number is ``"%.16g"`` of its float, so
    the file is the same, and converting a Decimal there costs five times as much."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    return neutralise(value)


def as_json(value):
    """Decimals as strings with two decimals, for the API."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    return value
