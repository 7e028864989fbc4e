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
import functools
import io
import itertools
from collections import Counter, defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core import settings
from core.export import neutralise
from core.clock import local_date, month_bounds, month_of, site_zone, year_bounds
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
        kind = record.final_sanction
        self.records += 1
        if kind == FINE:
            self.fines += record.final_amount or ZERO
        elif kind == REWARD:
            self.rewards += record.final_amount or ZERO
        elif kind == ALLOWANCE_FORFEIT:
            self.phone_forfeits += 1
        elif kind == DEMERIT:
            self.demerits += record.final_quantity or 1
        elif kind == MAJOR_DEMERIT:
            self.major_demerits += record.final_quantity or 1
        elif kind == DISMISSAL:
            self.dismissals += 1
        elif kind == LEGAL_ACTION:
            self.legal_actions += 1

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
    objects would take most of a gigabyte."""
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
    threshold = int(settings.get(site_id, "technician_penalty.repeat_threshold"))
    month_totals, year_totals, people = defaultdict(_Totals), defaultdict(_Totals), {}
    offences = Counter()
    # one pass over the year's rows, streamed: memory grows with the people, not rows
    for record in _final_rows(site_id, year_start, end):
        year_totals[record.technician_id].add(record)
        if record.sanction != REWARD:
            offences[(record.technician_id, record.rule_code)] += 1
        if start <= record.occurred_at < end:
            month_totals[record.technician_id].add(record)
            people[record.technician_id] = record
    repeated = _repeated_counts(offences, threshold)
    rows = []
    for technician_id, totals in month_totals.items():
        user, so_far = people[technician_id], year_totals[technician_id]
        rows.append(dict(
            technician_id=technician_id, username=user.username, name=person_name(user),
            **totals.money(), demerits=totals.demerits,
            major_demerits=totals.major_demerits, dismissals=totals.dismissals,
            legal_actions=totals.legal_actions, demerits_year=so_far.demerits,
            major_demerits_year=so_far.major_demerits,
            repeated_rules=repeated.get(technician_id, []), records=totals.records))
    return sorted(rows, key=lambda row: (row["name"], row["technician_id"]))


def technician_ledger(site_id: int, technician, year: int) -> dict:
    """One technician's year: fines and rewards by month, demerits of the year,
    repeated offences and every final record."""
    timezone = site_zone(site_id)
    start, end = year_bounds(year, timezone)
    records = _final_records(site_id, start, end, technician.id)
    threshold = int(settings.get(site_id, "technician_penalty.repeat_threshold"))
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

def payroll_tables(site_id: int, year: int, month: int) -> dict:
    """The summary and detail tables of the month's payroll deductions."""
    timezone = site_zone(site_id)
    key = f"{year:04d}-{month:02d}"
    summary_header = [_("Month"), _("Username"), _("Name"), _("Fines (yuan)"),
                      _("Rewards (yuan)"), _("Net deduction (yuan)"),
                      _("Phone allowance forfeited (times)"), _("Demerits"),
                      _("Major demerits"), _("Records")]
    summary = [[key, row["username"], row["name"], decimal.Decimal(row["fines_yuan"]),
                decimal.Decimal(row["rewards_yuan"]),
                decimal.Decimal(row["net_deduction_yuan"]),
                row["phone_allowance_forfeits"], row["demerits"], row["major_demerits"],
                row["records"]] for row in month_ledger(site_id, year, month)]
    detail_header = [_("Record"), _("Date"), _("Username"), _("Name"), _("Rule"),
                     _("Offence"), _("Sanction"), _("Fine (yuan)"), _("Reward (yuan)"),
                     _("Evidence"), _("HR's reason")]
    start, end = month_bounds(year, month, timezone)
    return {"month": key, "summary": [summary_header] + summary,
            "detail": itertools.chain([detail_header],
                                      _detail_lines(site_id, start, end, timezone))}


def _detail_lines(site_id, start, end, timezone):
    """One line per final record of the month, as they stream from the database."""
    # a month's 100,000 records hold a few dozen distinct sanctions: each translated once
    describe = functools.lru_cache(maxsize=None)(describe_sanction)
    for row in _final_rows(site_id, start, end):
        amount = decimal.Decimal(_money(row.final_amount))
        sanction_text = describe(row.final_sanction, row.final_amount,
                                 row.final_quantity) if row.final_sanction else ""
        yield [row.id, local_date(row.occurred_at, timezone).isoformat(), row.username,
               person_name(row), row.rule_code, row.rule_name, sanction_text,
               amount if row.final_sanction == FINE else ZERO,
               amount if row.final_sanction == REWARD else ZERO,
               row.evidence or "", row.decision_reason or ""]


def to_xlsx(tables: dict, target) -> None:
    """The workbook written row by row into ``target`` (a file): openpyxl's
    write-only mode keeps each sheet in a temporary file, not in memory, so 100,000
    lines take as little memory as 10."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in ((_("Payroll deductions"), tables["summary"]),
                        (_("Records"), tables["detail"])):
        sheet = workbook.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append([_money_cell(sheet, WriteOnlyCell, neutralise(value))
                          for value in row])
    workbook.save(target)


def _money_cell(sheet, cell_class, value):
    if not isinstance(value, decimal.Decimal):
        return value
    cell = cell_class(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def to_csv(tables: dict):
    """The summary as CSV lines in UTF-8 with a BOM, so spreadsheets read Chinese
    names; a generator, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode("utf-8")
    for row in tables["summary"]:
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
