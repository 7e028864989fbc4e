"""Benchmark: the exports of 100,000 rows versus plain openpyxl (or csv) on the same rows.

A site with ``--people`` technicians and ``--records`` final penalty records in
one month (default 500 and 100,000, as in issue 12) and as many audit rows, in a
temporary SQLite file.  ``--measure`` chooses what is timed:

* ``payroll`` (the default): the payroll export of technician_penalty (XLSX) as
  the API serves it — ``export_response(site, month, "xlsx")`` inside a request
  and the site's ``system_context`` (the month's records streamed from the
  database, written by openpyxl's write-only mode into a temporary file, the
  summary sheet from the same pass), the response drained chunk by chunk;
* ``records`` / ``audit``: the list export every list page offers
  (``core.export``, ``/export/<view>.<xlsx|csv>``) of ``PenaltyRecordView`` (the
  100,000 records) or of ``AuditLogView`` (the audit trail, 100,000 rows) —
  ``ListTable(view).xlsx_file()`` or ``.csv_file()`` inside a request for that URL
  and the site's ``system_context``, the spooled file read to its end;
  ``--format`` xlsx (default) or csv;
* ``contracts``: contract_archive's three contract reports as XLSX files (payment
  summary, approved change summary with its sheet of changes, expenditure budget;
  ``--report`` one of them or all) as ``/api/v1/contract_report/<report>?format=xlsx``
  answers them — ``report_of`` and ``xlsx_response`` inside a request for that URL
  and the site's ``system_context`` (rows streamed from the database, totals from
  the same pass, openpyxl's write-only mode into a spooled file), the response
  drained chunk by chunk — of a site with ``--records`` contracts (0 to 2 payments
  and 0 to 2 changes each); ``--format json``: their JSON answers instead
  (``/api/v1/contract_report/<report>``: ``report_of`` and ``json_response``, the
  document written row by row into a spooled file, the response drained).

**bare** is the same rows read with one plain ``sqlite3`` query (a sheet) and
written by openpyxl's write-only mode (or ``csv.writer``), nothing else: for the
contract reports the same GROUP BY, without the total lines or the names of the
codes; as JSON, those rows read into a list of dicts (a dict per table) and
written by one ``json.dump``.

Each measurement runs in a fresh interpreter, so its peak RSS is its own.  erp and
bare alternate, after one discarded warm-up of each.  Printed: the median time and
peak RSS of each, and the ratios.  Targets: peak RSS < 200 MB, time <= 1.5x bare.

    .venv/bin/python bench/export.py                       # payroll, 100,000 records, 3 runs
    .venv/bin/python bench/export.py --records 20000 --runs 3
    .venv/bin/python bench/export.py --measure audit --format csv
    .venv/bin/python bench/export.py --measure contracts             # the three reports
    .venv/bin/python bench/export.py --measure contracts --format json  # their JSON answers

It measures; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import datetime
import decimal
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.common import analyze, make_app  # noqa: E402

MONTH = "2026-11"
MARKER = "BENCH-RESULT "
BARE_SQL = """
SELECT r.id, r.occurred_at, u.username, u.first_name, u.last_name, p.code, p.name,
       r.final_sanction, r.final_amount, r.evidence, r.decision_reason
FROM penalty_record r JOIN penalty_rule p ON p.id = r.rule_id
JOIN ab_user u ON u.id = r.technician_id
WHERE r.site_id = ? AND r.state = 'final' AND r.occurred_at >= ? AND r.occurred_at < ?
ORDER BY r.occurred_at, r.id
"""
# the columns the list pages show, in their order (AuditLogView, PenaltyRecordView)
BARE_LIST_SQL = {
    "audit": """
SELECT a.at, a.username, a.model, a.row_id, a.action, a.from_state, a.to_state, a.reason
FROM audit_log a WHERE a.site_id = ? ORDER BY a.id DESC
""",
    "records": """
SELECT r.id, u.first_name || ' ' || u.last_name, p.code || ' ' || p.name, r.occurred_at,
       r.sanction, r.amount, r.final_sanction, r.final_amount, r.state, r.source_kind
FROM penalty_record r JOIN penalty_rule p ON p.id = r.rule_id
JOIN ab_user u ON u.id = r.technician_id
WHERE r.site_id = ? ORDER BY r.occurred_at DESC, r.id
""",
}
LIST_VIEWS = {"audit": "AuditLogView", "records": "PenaltyRecordView"}
CONTRACT_REPORTS = ("payments", "changes", "budget")
# each contract report's sheets: its table, and the changes' sheet of each change
BARE_CONTRACT_SQL = {
    "payments": ["""
SELECT c.number, c.title, c.state, c.currency, c.amount, count(p.id),
       coalesce(sum(p.amount), 0), coalesce(sum(p.paid_amount), 0),
       c.amount - coalesce(sum(p.paid_amount), 0),
       coalesce(sum(CASE WHEN p.paid_on IS NULL AND p.due_date < :today THEN p.amount END), 0)
FROM contract c LEFT JOIN contract_payment p ON p.contract_id = c.id
WHERE c.site_id = :site GROUP BY c.id ORDER BY c.number
"""],
    "changes": ["""
SELECT c.number, c.title, c.currency, count(h.id), c.amount - sum(h.amount_delta),
       sum(h.amount_delta), c.amount, c.end_date
FROM contract c JOIN contract_change h ON h.contract_id = c.id AND h.state = 'approved'
WHERE c.site_id = :site GROUP BY c.id ORDER BY c.number
""", """
SELECT c.number AS contract_number, h.number, h.description, h.amount_delta,
       h.amount_before, h.amount_after,
       h.end_before, h.end_after, h.decided_at
FROM contract_change h JOIN contract c ON c.id = h.contract_id
WHERE h.state = 'approved' AND c.site_id = :site ORDER BY c.number, h.decided_at, h.id
"""],
    "budget": ["""
SELECT c.number, c.currency, l.month, sum(l.budget), sum(l.actual),
       sum(l.budget) - sum(l.actual)
FROM contract c JOIN (
    SELECT contract_id, due_month AS month, amount AS budget, 0 AS actual
    FROM contract_payment WHERE site_id = :site
    UNION ALL
    SELECT contract_id, paid_month, 0, paid_amount
    FROM contract_payment WHERE site_id = :site AND paid_on IS NOT NULL) l
  ON l.contract_id = c.id
WHERE c.site_id = :site GROUP BY c.id, l.month ORDER BY c.number, l.month
"""],
}


def new_site(database: str, folder: str, addon: str):
    """(the app, the site's id) on a new database with one site where ``addon`` is
    enabled, its default data (manifest ``data``) loaded."""
    from flask_appbuilder import Model

    from core.context import system_context
    from core.extensions import db
    from core.models import Site
    from core.sites import enable

    app = make_app("sqlite:///" + database, folder)
    with app.app_context():
        Model.metadata.create_all(db.engine)
        with system_context(None):
            site = Site(code="bench", name="Bench site")  # the configured default zone
            db.session.add(site)
            db.session.flush()
            site_id = site.id
            enable(site, addon)
            db.session.commit()
    return app, site_id


def build(database: str, folder: str, people: int, records: int, seed: int) -> int:
    from sqlalchemy import insert, select

    from core.audit import AuditLog
    from core.context import system_context
    from core.extensions import db
    from core.models import ErpUser

    from addons.technician_penalty.models import PenaltyRecord, PenaltyRule

    rng = random.Random(seed)
    app, site_id = new_site(database, folder, "technician_penalty")  # and its rules
    with app.app_context():
        with system_context(None):
            now = datetime.datetime(2026, 11, 1)
            db.session.connection().execute(insert(ErpUser.__table__), [
                {"first_name": f"技师{n}", "last_name": "", "username": f"tech-{n:04d}",
                 "password": "x", "active": True, "email": f"tech-{n}@example.com",
                 "site_id": site_id, "created_on": now, "changed_on": now,
                 "login_count": 0, "fail_login_count": 0} for n in range(people)])
            db.session.commit()
        with system_context(site_id):
            connection = db.session.connection()
            people_ids = list(connection.execute(select(ErpUser.__table__.c.id).where(
                ErpUser.__table__.c.site_id == site_id)).scalars())
            rules = list(connection.execute(select(
                PenaltyRule.__table__.c.id, PenaltyRule.__table__.c.sanction,
                PenaltyRule.__table__.c.amount).where(
                PenaltyRule.__table__.c.site_id == site_id)))
            start = datetime.datetime(2026, 10, 31, 16, 0)  # 1 November in Shanghai
            seconds = 29 * 24 * 3600
            moments = sorted(rng.randrange(seconds) for _ in range(records))
            rows = []
            for second in moments:  # in the order they happened
                rule = rng.choice(rules)
                rows.append({
                    "site_id": site_id, "technician_id": rng.choice(people_ids),
                    "rule_id": rule.id,
                    "occurred_at": start + datetime.timedelta(seconds=second),
                    "evidence": "现场检查发现未按规定着装", "source_kind": "manual",
                    "sanction": rule.sanction, "amount": rule.amount, "quantity": 1,
                    "state": "final", "final_sanction": rule.sanction,
                    "final_amount": rule.amount, "final_quantity": 1,
                    "decided_at": now, "decision_reason": "", "version": 1})
            for offset in range(0, len(rows), 20000):
                connection.execute(insert(PenaltyRecord.__table__),
                                   rows[offset:offset + 20000])
            # as many audit rows: each record proposed, then decided
            audit = [{"site_id": site_id, "at": start + datetime.timedelta(seconds=second),
                      "user_id": None, "username": "hr-bench", "model": "penalty_record",
                      "row_id": number + 1,
                      "action": "create" if number % 2 else "decide",
                      "from_state": None if number % 2 else "proposed",
                      "to_state": "proposed" if number % 2 else "final",
                      "reason": "" if number % 3 else "按制度处理", "changes": None}
                     for number, second in enumerate(moments)]
            for offset in range(0, len(audit), 20000):
                connection.execute(insert(AuditLog.__table__), audit[offset:offset + 20000])
            db.session.commit()
        analyze(db)
        db.engine.dispose()
    return site_id


def build_contracts(database: str, folder: str, contracts: int, seed: int) -> int:
    """A site with ``contracts`` contracts (most in yuan, a few in other currencies;
    one in ten without an end date), each with 0 to 2 payments over two years (about
    two in three paid, some in a later month, a few in part) and 0 to 2 changes
    (most approved, the rest rejected), inserted in number order as they would
    arrive."""
    from sqlalchemy import insert

    from core.context import system_context
    from core.extensions import db

    from addons.contract_archive.models import Contract, ContractChange, ContractPayment

    rng = random.Random(seed)
    cent = decimal.Decimal("0.01")
    app, site_id = new_site(database, folder, "contract_archive")
    with app.app_context():
        first_day = datetime.date(2025, 1, 1)
        contract_rows, payment_rows, change_rows = [], [], []
        for number in range(1, contracts + 1):
            amount = (decimal.Decimal(rng.randrange(1_000_000, 200_000_000)) * cent)
            start = first_day + datetime.timedelta(days=rng.randrange(600))
            end = None if number % 10 == 0 else start + datetime.timedelta(
                days=rng.randrange(90, 730))
            contract_rows.append({
                "id": number, "site_id": site_id, "number": f"HT-{number:07d}",
                "title": f"售后服务合同 第 {number} 号", "amount": amount,
                "currency": rng.choice(("CNY",) * 17 + ("USD", "EUR", "HKD")),
                "state": rng.choice(("executing", "executing", "closed", "signed", "draft")),
                "start_date": start, "end_date": end, "version": 1})
            for part in range(rng.choice((0, 1, 1, 2))):
                due = start + datetime.timedelta(days=30 + 90 * part + rng.randrange(60))
                share = (amount * decimal.Decimal("0.5")).quantize(cent)
                paid_on = due + datetime.timedelta(days=rng.randrange(-5, 40)) \
                    if rng.random() < 0.65 else None
                paid = None if paid_on is None else (
                    share if rng.random() < 0.9 else (share * decimal.Decimal("0.8")
                                                      ).quantize(cent))
                payment_rows.append({
                    "site_id": site_id, "contract_id": number,
                    "description": f"第 {part + 1} 期款", "due_date": due, "amount": share,
                    "paid_on": paid_on, "paid_amount": paid,
                    "due_month": due.strftime("%Y-%m"),
                    "paid_month": paid_on.strftime("%Y-%m") if paid_on else None})
            for part in range(rng.choice((0, 1, 1, 2))):
                delta = decimal.Decimal(rng.randrange(-500_000, 2_000_000)) * cent
                approved = rng.random() < 0.85
                new_end = end + datetime.timedelta(days=90) if end and part == 0 else None
                decided = datetime.datetime.combine(
                    start, datetime.time(9)) + datetime.timedelta(days=60 + 30 * part)
                change_rows.append({
                    "site_id": site_id, "contract_id": number,
                    "number": f"BG-{number:07d}-{part + 1}",
                    "description": "工程量变更，按签证单调整", "amount_delta": delta,
                    "new_end_date": new_end,
                    "state": "approved" if approved else "rejected",
                    "submitted_at": decided - datetime.timedelta(days=2),
                    "decided_at": decided, "decision_reason": "" if approved else "依据不足",
                    "amount_before": amount if approved else None,
                    "amount_after": amount + delta if approved else None,
                    "end_before": end if approved and new_end else None,
                    "end_after": new_end if approved else None, "version": 1})
        with system_context(site_id):
            connection = db.session.connection()
            for table, rows in ((Contract.__table__, contract_rows),
                                (ContractPayment.__table__, payment_rows),
                                (ContractChange.__table__, change_rows)):
                for offset in range(0, len(rows), 20000):
                    connection.execute(insert(table), rows[offset:offset + 20000])
            db.session.commit()
        analyze(db)
        db.engine.dispose()
    return site_id


# --- children -------------------------------------------------------------------

def child_erp(database: str, folder: str, site_id: int, measure: str, fmt: str,
              report: str) -> dict:
    from core.context import system_context

    app = make_app("sqlite:///" + database, folder)
    if measure == "contracts":
        return _contract_report_erp(app, site_id, report, fmt)
    if measure != "payroll":
        return _list_erp(app, site_id, measure, fmt)
    from addons.technician_penalty.api.penalty_ledger import export_response

    started = time.perf_counter()
    size = 0
    with app.test_request_context(), system_context(site_id):
        response = export_response(site_id, MONTH, "xlsx")
        for chunk in response.response:
            size += len(chunk)
        response.close()
    return {"seconds": time.perf_counter() - started, "bytes": size}


def _list_erp(app, site_id: int, measure: str, fmt: str) -> dict:
    """A list page's export as ``/export/<view>.<fmt>`` answers it, less the login
    and permission check: the view's rows in the site's scope, its filters (none)
    and order, written into the spooled file the answer streams."""
    from core.context import system_context
    from core.export import ListTable, exportable_view

    view_name = LIST_VIEWS[measure]
    started = time.perf_counter()
    size = 0
    with app.test_request_context(f"/export/{view_name}.{fmt}"), system_context(site_id):
        table = ListTable(exportable_view(view_name))
        spool = table.xlsx_file() if fmt == "xlsx" else table.csv_file()
        while chunk := spool.read(64 * 1024):
            size += len(chunk)
        spool.close()
    return {"seconds": time.perf_counter() - started, "bytes": size}


def _contract_report_erp(app, site_id: int, report: str, fmt: str) -> dict:
    """A contract report's XLSX file as ``/api/v1/contract_report/<report>?format=xlsx``
    answers it, or its JSON answer (``fmt`` json, no ``format``), less the login and
    permission check."""
    from flask import request

    from core.context import system_context

    from addons.contract_archive.api.contract_report import (
        json_response, report_of, xlsx_response)

    started = time.perf_counter()
    size = 0
    query = "?format=xlsx" if fmt == "xlsx" else ""
    with app.test_request_context(f"/api/v1/contract_report/{report}{query}"), \
            system_context(site_id):
        answer = xlsx_response if fmt == "xlsx" else json_response
        response = answer(*report_of(report, request.args))
        for chunk in response.response:
            size += len(chunk)
        response.close()
    return {"seconds": time.perf_counter() - started, "bytes": size}


def child_bare(database: str, folder: str, site_id: int, measure: str, fmt: str,
               report: str) -> dict:
    import csv
    import io
    import sqlite3

    from openpyxl import Workbook

    started = time.perf_counter()
    connection = sqlite3.connect(database)
    if measure == "contracts":
        return _contract_report_bare(connection, site_id, report, fmt, started)
    if measure == "payroll":
        start, end = "2026-10-31 16:00:00", "2026-11-30 16:00:00"
        header = ["Record", "Date", "Username", "Name", "Rule", "Offence", "Sanction",
                  "Amount", "Evidence", "HR's reason"]
        rows = connection.execute(BARE_SQL, (site_id, start, end))
    else:
        rows = connection.execute(BARE_LIST_SQL[measure], (site_id,))
        header = [column[0] for column in rows.description]
    with tempfile.TemporaryFile() as target:
        if fmt == "csv":
            text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
            text.flush()
        else:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("Records")
            sheet.append(header)
            for row in rows:
                sheet.append(list(row))
            workbook.save(target)
        size = target.tell()
        if fmt == "csv":
            text.detach()
    connection.close()
    return {"seconds": time.perf_counter() - started, "bytes": size}


def _contract_report_bare(connection, site_id: int, report: str, fmt: str,
                          started: float) -> dict:
    from openpyxl import Workbook

    parameters = {"site": site_id, "today": datetime.date.today().isoformat()}
    workbook = Workbook(write_only=True)
    document = {}  # JSON: each table's rows as dicts, all in memory, then one json.dump
    lines = 0
    for key, sql in zip(("rows", "changes"), BARE_CONTRACT_SQL[report]):
        rows = connection.execute(sql, parameters)
        names = [column[0] for column in rows.description]
        if fmt == "json":
            document[key] = [dict(zip(names, row)) for row in rows]
            lines += len(document[key])
            continue
        sheet = workbook.create_sheet(f"Sheet {len(workbook.worksheets) + 1}")
        sheet.append(names)
        for row in rows:
            sheet.append(list(row))
            lines += 1
    with tempfile.TemporaryFile() as target:
        if fmt == "json":
            text = io.TextIOWrapper(target, encoding="utf-8")
            json.dump(document, text)
            text.flush()
            text.detach()
        else:
            workbook.save(target)
        size = target.tell()
    connection.close()
    return {"seconds": time.perf_counter() - started, "bytes": size, "rows": lines}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM).  Not ``getrusage``: on Linux its
    ``ru_maxrss`` keeps the parent's peak across fork and exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(kind: str, database: str, folder: str, site_id: int, measure: str,
              fmt: str, report: str) -> dict:
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", kind, "--database", database,
         "--folder", folder, "--site", str(site_id), "--measure", measure, "--format", fmt,
         "--report", report],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout
    line = next(line for line in output.splitlines() if line.startswith(MARKER))
    return json.loads(line[len(MARKER):])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--records", type=int, default=100_000,
                        help="final penalty records (and as many audit rows), or contracts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--measure", choices=("payroll", "records", "audit", "contracts"),
                        default="payroll")
    parser.add_argument("--format", choices=("xlsx", "csv", "json"), default="xlsx",
                        help="records and audit: xlsx or csv; contracts: xlsx or json "
                             "(their JSON answers); the payroll export is XLSX")
    parser.add_argument("--report", choices=(*CONTRACT_REPORTS, "all"), default="all",
                        help="contracts only: the contract report measured")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="build the data there once and keep it (later runs reuse it)")
    parser.add_argument("--child", choices=("erp", "bare"))
    parser.add_argument("--database")
    parser.add_argument("--folder")
    parser.add_argument("--site", type=int)
    args = parser.parse_args()

    if args.child:
        child = child_erp if args.child == "erp" else child_bare
        result = child(args.database, args.folder, args.site, args.measure, args.format,
                       args.report)
        result["peak_rss_mb"] = peak_rss_mb()
        print(MARKER + json.dumps(result), flush=True)
        return 0

    contracts = args.measure == "contracts"
    if args.format == "json" and not contracts:
        parser.error("--format json is for --measure contracts")
    if args.measure == "payroll" or (contracts and args.format == "csv"):
        args.format = "xlsx"
    subjects = ((CONTRACT_REPORTS if args.report == "all" else (args.report,)) if contracts
                else (args.report,))
    wall = time.perf_counter()
    folder = args.keep or tempfile.mkdtemp(prefix="export-bench-")
    os.makedirs(folder, exist_ok=True)
    database = os.path.join(folder, "contracts.db" if contracts else "bench.db")
    built, reused = 0.0, True
    try:
        started = time.perf_counter()
        marker = os.path.join(folder, f"built-contracts-{args.records}-{args.seed}" if contracts
                              else f"built-{args.people}-{args.records}-{args.seed}")
        if not os.path.exists(marker):
            if os.path.exists(database):
                os.remove(database)
            site_id = (build_contracts(database, folder, args.records, args.seed) if contracts
                       else build(database, folder, args.people, args.records, args.seed))
            reused = False
            with open(marker, "w") as out:
                out.write(str(site_id))
        with open(marker) as built_site:
            site_id = int(built_site.read())
        built = time.perf_counter() - started
        if contracts:
            site = _contract_counts(database)
        results = {}
        for subject in subjects:
            measure = (args.measure, args.format, subject)
            run_child("erp", database, folder, site_id, *measure)  # warm-up: page cache
            run_child("bare", database, folder, site_id, *measure)
            results[subject] = {"erp": [], "bare": []}
            for _ in range(args.runs):
                for kind in ("erp", "bare"):
                    results[subject][kind].append(
                        run_child(kind, database, folder, site_id, *measure))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    what = {"payroll": "payroll export (xlsx)",
            "records": f"list export of PenaltyRecordView ({args.format})",
            "audit": f"list export of AuditLogView, the audit trail ({args.format})",
            "contracts": f"contract reports of contract_archive ({args.format})"}
    print(f"Export benchmark: {what[args.measure]} (CPython {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, SQLite "
          f"{__import__('sqlite3').sqlite_version})")
    if contracts:
        print(f"site: {site['contracts']} contracts, {site['payments']} payments, "
              f"{site['changes']} changes ({site['approved']} approved); built in "
              f"{built:.1f} s" + (" (the one kept in --keep)" if reused else ""))
    else:
        print(f"site: {args.people} technicians, {args.records} final records in {MONTH} "
              f"and {args.records} audit rows; built in {built:.1f} s"
              + (" (the one kept in --keep)" if reused else ""))
    print(f"median of {args.runs} runs each, erp and bare alternated, each in a fresh "
          "interpreter")
    bare_label = {"xlsx": "bare (sqlite3 + openpyxl write_only)",
                  "csv": "bare (sqlite3 + csv.writer)",
                  "json": "bare (sqlite3 + json.dump)"}[args.format]
    for subject, measured in results.items():
        erp_label = (f"erp (contract_report {subject}, {args.format})" if contracts
                     else "erp (export_response, xlsx)" if args.measure == "payroll"
                     else f"erp (core.export ListTable, {args.format})")
        if contracts:
            print(f"{subject}: {measured['bare'][0]['rows']} lines")
        _print_measured(measured, erp_label, bare_label)
    print(f"(wall time {time.perf_counter() - wall:.1f} s)")
    return 0


def _contract_counts(database: str) -> dict:
    import sqlite3

    connection = sqlite3.connect(database)
    counts = {name: connection.execute(sql).fetchone()[0] for name, sql in (
        ("contracts", "SELECT count(*) FROM contract"),
        ("payments", "SELECT count(*) FROM contract_payment"),
        ("changes", "SELECT count(*) FROM contract_change"),
        ("approved", "SELECT count(*) FROM contract_change WHERE state = 'approved'"))}
    connection.close()
    return counts


def _print_measured(results: dict, erp_label: str, bare_label: str) -> None:
    """The medians of erp and bare, their ratio and the erp's peak RSS."""
    def median(kind, key):
        return statistics.median(result[key] for result in results[kind])

    for kind, label in (("erp", erp_label), ("bare", bare_label)):
        times = [result["seconds"] for result in results[kind]]
        print(f"  {label:38} {median(kind, 'seconds'):7.2f} s  "
              f"(range {min(times):.2f}..{max(times):.2f})  peak RSS "
              f"{median(kind, 'peak_rss_mb'):6.1f} MB  file "
              f"{median(kind, 'bytes') / 1e6:.1f} MB")
    ratio = median("erp", "seconds") / median("bare", "seconds")
    peak = max(result["peak_rss_mb"] for result in results["erp"])
    print(f"ratio erp/bare time: {ratio:.2f}x (target <= 1.5x -> "
          f"{'met' if ratio <= 1.5 else 'NOT met'}); erp peak RSS {peak:.0f} MB "
          f"(target < 200 MB -> {'met' if peak < 200 else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
