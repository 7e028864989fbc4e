"""The HR ledger and the monthly payroll deduction export.

Only ``final`` records count.  A record counts for the site-local month (and year)
of its occurrence time (6S month records: the month that was closed).  Per
technician and month: fines and rewards in yuan, the net deduction (fines minus
rewards; negative when rewards are larger), phone allowances forfeited;
demerits and major demerits of the month and of the year to the end of that month;
the penalty rules broken at least ``repeat_threshold`` times in that year
("repeated offences", highlighted on the page).
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections import Counter, defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core import settings
from core.export import neutralise
from core.clock import (local_date, local_dates, month_bounds, month_of, site_zone,
                        year_bounds)
from core.extensions import db
from core.models import ErpUser

from .models import PenaltyRecord, PenaltyRule
from .models.penalty_record import FINAL
from .models.penalty_rule import (ALLOWANCE_FORFEIT, DEMERIT, DISMISSAL, FINE, LEGAL_ACTION,
                                  MAJOR_DEMERIT, REWARD, describe_sanction)

ZERO = decimal.Decimal("0.00")


def _final_records(site_id: int, start: datetime.datetime, end: datetime.datetime,
                   technician_id: int | None = None) -> list[PenaltyRecord]:
    query = (select(PenaltyRecord)
             .options(joinedload(PenaltyRecord.rule), joinedload(PenaltyRecord.technician))
             .where(PenaltyRecord.site_id == site_id, PenaltyRecord.state == FINAL,
                    PenaltyRecord.occurred_at >= start, PenaltyRecord.occurred_at < end)
             .order_by(PenaltyRecord.occurred_at, PenaltyRecord.id))
    if technician_id is not None:
        query = query.where(PenaltyRecord.technician_id == technician_id)
    return list(db.session.execute(query).unique().scalars())


def person_name(user) -> str:
    name = f"{user.first_name or ''} {user.last_name or ''}".strip()
    return name or user.username


def _money(value) -> str:
    return str(decimal.Decimal(value or 0).quantize(decimal.Decimal("0.01")))


class _Totals:
    def __init__(self):
        self.fines = ZERO
        self.rewards = ZERO
        self.phone_forfeits = 0
        self.demerits = 0
        self.major_demerits = 0
        self.dismissals = 0
        self.legal_actions = 0
        self.records = 0

    def add(self, record: PenaltyRecord) -> None:
        self.count(record.final_sanction, record.final_amount, record.final_quantity)

    def count(self, kind, amount, quantity, times: int = 1) -> None:
        """``times`` records of one final sanction."""
        self.records += times
        if kind == FINE:
            self.fines += (amount or ZERO) * times
        elif kind == REWARD:
            self.rewards += (amount or ZERO) * times
        elif kind == ALLOWANCE_FORFEIT:
            self.phone_forfeits += times
        elif kind == DEMERIT:
            self.demerits += (quantity or 1) * times
        elif kind == MAJOR_DEMERIT:
            self.major_demerits += (quantity or 1) * times
        elif kind == DISMISSAL:
            self.dismissals += times
        elif kind == LEGAL_ACTION:
            self.legal_actions += times

    @property
    def net(self) -> decimal.Decimal:
        return self.fines - self.rewards

    def money(self) -> dict:
        return {"fines_yuan": _money(self.fines), "rewards_yuan": _money(self.rewards),
                "net_deduction_yuan": _money(self.net),
                "phone_allowance_forfeits": self.phone_forfeits}


def _final_rows(site_id: int, start: datetime.datetime, end: datetime.datetime):
    """The final records of a site in [start, end) as light rows, streamed from the
    database in batches: a big site's month holds 100,000 of them, which as ORM
    objects would take most of a gigabyte.  ``PayrollTables.detail`` unpacks the
    columns in this order."""
    query = (select(PenaltyRecord.id, PenaltyRecord.technician_id, PenaltyRecord.occurred_at,
                    PenaltyRecord.sanction, PenaltyRecord.final_sanction,
                    PenaltyRecord.final_amount, PenaltyRecord.final_quantity,
                    PenaltyRecord.evidence, PenaltyRecord.decision_reason,
                    PenaltyRule.code.label("rule_code"), PenaltyRule.name.label("rule_name"),
                    ErpUser.username, ErpUser.first_name, ErpUser.last_name)
             .join(PenaltyRule, PenaltyRule.id == PenaltyRecord.rule_id)
             .join(ErpUser, ErpUser.id == PenaltyRecord.technician_id)
             .where(PenaltyRecord.site_id == site_id, PenaltyRecord.state == FINAL,
                    PenaltyRecord.occurred_at >= start, PenaltyRecord.occurred_at < end)
             .order_by(PenaltyRecord.occurred_at, PenaltyRecord.id)
             .execution_options(yield_per=2000))
    return db.session.execute(query)


def _repeated(records, threshold: int) -> dict[int, list[str]]:
    """technician id -> codes of penalty rules finalised ``threshold`` times or more."""
    return _repeated_counts(Counter(
        (r.technician_id, r.rule.code) for r in records if not r.is_reward), threshold)


def _repeated_counts(counts: Counter, threshold: int) -> dict[int, list[str]]:
    repeated = defaultdict(list)
    for (technician_id, code), count in sorted(counts.items()):
        if count >= threshold:
            repeated[technician_id].append(code)
    return repeated


def month_ledger(site_id: int, year: int, month: int) -> list[dict]:
    """One row per technician with a final record in the month, by name."""
    timezone = site_zone(site_id)
    start, end = month_bounds(year, month, timezone)
    year_start = year_bounds(year, timezone)[0]
    threshold = settings.get(site_id, "technician_penalty.repeat_threshold")
    month_totals, year_totals = _PeopleTotals(), defaultdict(_Totals)
    offences = Counter()
    # one pass over the year's rows, streamed: memory grows with the people, not rows
    for record in _final_rows(site_id, year_start, end):
        year_totals[record.technician_id].add(record)
        if record.sanction != REWARD:
            offences[(record.technician_id, record.rule_code)] += 1
        if start <= record.occurred_at < end:
            month_totals.add(record)
    repeated = _repeated_counts(offences, threshold)
    rows = []
    for technician_id, user, totals in month_totals.by_name():
        so_far = year_totals[technician_id]
        rows.append(dict(
            technician_id=technician_id, username=user.username, name=person_name(user),
            **totals.money(), demerits=totals.demerits,
            major_demerits=totals.major_demerits, dismissals=totals.dismissals,
            legal_actions=totals.legal_actions, demerits_year=so_far.demerits,
            major_demerits_year=so_far.major_demerits,
            repeated_rules=repeated.get(technician_id, []), records=totals.records))
    return rows


class _PeopleTotals:
    """Totals per technician of the rows of ``_final_rows`` added to it."""

    def __init__(self):
        self.totals = defaultdict(_Totals)
        self.people = {}

    def add(self, row) -> None:
        self.totals[row.technician_id].add(row)
        self.people[row.technician_id] = row

    def count(self, person, kind, amount, quantity, times: int) -> None:
        """``times`` records of ``person`` (a row with their id and names)."""
        self.totals[person.technician_id].count(kind, amount, quantity, times)
        self.people[person.technician_id] = person

    def by_name(self):
        """(technician id, a row of theirs, totals), by name then id."""
        people = sorted(self.totals, key=lambda technician_id: (
            person_name(self.people[technician_id]), technician_id))
        return [(technician_id, self.people[technician_id], self.totals[technician_id])
                for technician_id in people]


def technician_ledger(site_id: int, technician, year: int) -> dict:
    """One technician's year: fines and rewards by month, demerits of the year,
    repeated offences and every final record."""
    timezone = site_zone(site_id)
    start, end = year_bounds(year, timezone)
    records = _final_records(site_id, start, end, technician.id)
    threshold = settings.get(site_id, "technician_penalty.repeat_threshold")
    by_month = defaultdict(_Totals)
    year_totals = _Totals()
    for record in records:
        by_month[month_of(record.occurred_at, timezone)].add(record)
        year_totals.add(record)
    months = []
    for number in range(1, 13):
        key = f"{year:04d}-{number:02d}"
        months.append(dict(month=key, **by_month[key].money(),
                           demerits=by_month[key].demerits,
                           major_demerits=by_month[key].major_demerits))
    return {
        "technician_id": technician.id, "username": technician.username,
        "name": person_name(technician), "year": year, "months": months,
        **{f"year_{key}": value for key, value in year_totals.money().items()},
        "demerits_year": year_totals.demerits,
        "major_demerits_year": year_totals.major_demerits,
        "dismissals_year": year_totals.dismissals,
        "legal_actions_year": year_totals.legal_actions,
        "repeated_rules": _repeated(records, threshold).get(technician.id, []),
        "records": [record_line(record, timezone) for record in records],
    }


def record_line(record: PenaltyRecord, timezone) -> dict:
    return {"id": record.id, "date": local_date(record.occurred_at, timezone).isoformat(),
            "month": month_of(record.occurred_at, timezone), "rule": record.rule.code,
            "offence": record.rule.name, "sanction": record.final_sanction,
            "sanction_text": record.final_text,
            "amount_yuan": _money(record.final_amount),
            "quantity": record.final_quantity or 1, "evidence": record.evidence or "",
            "decision_reason": record.decision_reason or ""}


# --- payroll export -------------------------------------------------------------

class PayrollTables:
    """The summary and detail tables of a month's payroll deductions.

    ``detail()`` streams one line per final record of the month and adds each to the
    month's totals as it passes, so that the summary read after it costs no second
    pass over the rows (the XLSX writes the records first and puts the summary sheet
    before them); ``summary()`` read alone (the CSV) makes its own pass.  Either is
    read inside the request: its scope is under every query.
    """

    def __init__(self, site_id: int, year: int, month: int):
        self.site_id = site_id
        self.timezone = site_zone(site_id)
        self.month = f"{year:04d}-{month:02d}"
        self.start, self.end = month_bounds(year, month, self.timezone)
        self._totals = None

    def summary(self) -> list[list]:
        """The header, then one line per technician with a final record, by name."""
        if self._totals is None:
            self._totals = _PeopleTotals()
            for row in _final_rows(self.site_id, self.start, self.end):
                self._totals.add(row)
        header = [_("Month"), _("Username"), _("Name"), _("Fines (yuan)"),
                  _("Rewards (yuan)"), _("Net deduction (yuan)"),
                  _("Phone allowance forfeited (times)"), _("Demerits"),
                  _("Major demerits"), _("Records")]
        lines = []
        for _technician_id, user, totals in self._totals.by_name():
            money = totals.money()
            lines.append([self.month, user.username, person_name(user),
                          decimal.Decimal(money["fines_yuan"]),
                          decimal.Decimal(money["rewards_yuan"]),
                          decimal.Decimal(money["net_deduction_yuan"]),
                          money["phone_allowance_forfeits"], totals.demerits,
                          totals.major_demerits, totals.records])
        return [header] + lines

    def detail(self):
        """The header, then one line per final record of the month, as they stream
        from the database.  Per line only what differs: a month's 100,000 records
        hold a few hundred people, a few dozen sanctions and 31 days, each converted
        once; the month's totals are counted per person and sanction, then added."""
        yield [_("Record"), _("Date"), _("Username"), _("Name"), _("Rule"), _("Offence"),
               _("Sanction"), _("Fine (yuan)"), _("Reward (yuan)"), _("Evidence"),
               _("HR's reason")]
        date_of = local_dates(self.timezone)
        day, day_text = None, ""
        people, names, sanctions, counts = {}, {}, {}, defaultdict(int)
        for row in _final_rows(self.site_id, self.start, self.end):
            (record_id, technician_id, occurred_at, _proposed, kind, amount, quantity,
             evidence, reason, rule_code, rule_name, username, _first, _last) = row
            name = names.get(technician_id)
            if name is None:
                people[technician_id] = row
                name = names[technician_id] = person_name(row)
            sanction = (kind, amount, quantity)
            cells = sanctions.get(sanction)
            if cells is None:
                cells = sanctions[sanction] = _sanction_cells(kind, amount, quantity)
            counts[technician_id, sanction] += 1
            date = date_of(occurred_at)
            if date != day:
                day, day_text = date, date.isoformat()
            yield [record_id, day_text, username, name, rule_code, rule_name, cells[0],
                   cells[1], cells[2], evidence or "", reason or ""]
        totals = _PeopleTotals()
        for (technician_id, sanction), times in counts.items():
            totals.count(people[technician_id], *sanction, times)
        self._totals = totals


def _sanction_cells(kind, amount, quantity) -> tuple:
    """(sanction text, fine, reward) of a detail line."""
    money = decimal.Decimal(_money(amount))
    return (describe_sanction(kind, amount, quantity) if kind else "",
            money if kind == FINE else ZERO, money if kind == REWARD else ZERO)


def payroll_tables(site_id: int, year: int, month: int) -> PayrollTables:
    return PayrollTables(site_id, year, month)


def to_xlsx(tables: PayrollTables, target) -> None:
    """The workbook written row by row into ``target`` (a file): openpyxl's
    write-only mode keeps each sheet in a temporary file, not in memory, so 100,000
    lines take as little memory as 10.  The records sheet is written first (its
    pass makes the month's totals) and the summary sheet is put before it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    records = workbook.create_sheet(_("Records")[:31])
    _write_rows(records, WriteOnlyCell, tables.detail())
    summary = workbook.create_sheet(_("Payroll deductions")[:31], 0)
    _write_rows(summary, WriteOnlyCell, tables.summary())
    workbook.save(target)


def _write_rows(sheet, cell_class, rows) -> None:
    """Text neutralised (``core.export.neutralise``), money as a number shown with
    two decimals, anything else as it is."""
    sheet.freeze_panes = "A2"
    append = sheet.append
    money = {}
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = neutralise(value)
            elif isinstance(value, decimal.Decimal):
                key = (value, value.is_signed())
                cell = money.get(key)
                if cell is None:
                    cell = money[key] = cell_class(sheet, value=value)
                    cell.number_format = "0.00"
                value = cell
            cells.append(value)
        append(cells)


def to_csv(summary: list[list]):
    """The summary lines as CSV in UTF-8 with a BOM, so spreadsheets read Chinese
    names; a generator, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode("utf-8")
    for row in summary:
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
