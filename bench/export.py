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
  ``--format`` xlsx (default) or csv.

**bare** is the same rows read with one plain ``sqlite3`` query and written by
openpyxl's write-only mode (or ``csv.writer``), nothing else.

Each measurement runs in a fresh interpreter, so its peak RSS is its own.  erp and
bare alternate, after one discarded warm-up of each.  Printed: the median time and
peak RSS of each, and the ratios.  Targets: peak RSS < 200 MB, time <= 1.5x bare.

    .venv/bin/python bench/export.py                       # payroll, 100,000 records, 3 runs
    .venv/bin/python bench/export.py --records 20000 --runs 3
    .venv/bin/python bench/export.py --measure audit --format csv

It measures; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import datetime
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


def build(database: str, folder: str, people: int, records: int, seed: int) -> int:
    from flask_appbuilder import Model
    from sqlalchemy import insert, select

    from core.audit import AuditLog
    from core.context import system_context
    from core.extensions import db
    from core.models import ErpUser, Site
    from core.sites import enable

    from addons.technician_penalty.models import PenaltyRecord, PenaltyRule

    rng = random.Random(seed)
    app = make_app("sqlite:///" + database, folder)
    with app.app_context():
        Model.metadata.create_all(db.engine)
        with system_context(None):
            site = Site(code="bench", name="Bench site", timezone="Asia/Shanghai")
            db.session.add(site)
            db.session.flush()
            site_id = site.id
            enable(site, "technician_penalty")  # and its rule catalogue (manifest data)
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


# --- children -------------------------------------------------------------------

def child_erp(database: str, folder: str, site_id: int, measure: str, fmt: str) -> dict:
    from core.context import system_context

    app = make_app("sqlite:///" + database, folder)
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


def child_bare(database: str, folder: str, site_id: int, measure: str, fmt: str) -> dict:
    import csv
    import io
    import sqlite3

    from openpyxl import Workbook

    started = time.perf_counter()
    connection = sqlite3.connect(database)
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


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM).  Not ``getrusage``: on Linux its
    ``ru_maxrss`` keeps the parent's peak across fork and exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(kind: str, database: str, folder: str, site_id: int, measure: str,
              fmt: str) -> dict:
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", kind, "--database", database,
         "--folder", folder, "--site", str(site_id), "--measure", measure, "--format", fmt],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout
    line = next(line for line in output.splitlines() if line.startswith(MARKER))
    return json.loads(line[len(MARKER):])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--measure", choices=("payroll", "records", "audit"),
                        default="payroll")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx",
                        help="records and audit only: the payroll export is XLSX")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="build the data there once and keep it (later runs reuse it)")
    parser.add_argument("--child", choices=("erp", "bare"))
    parser.add_argument("--database")
    parser.add_argument("--folder")
    parser.add_argument("--site", type=int)
    args = parser.parse_args()

    if args.child:
        child = child_erp if args.child == "erp" else child_bare
        result = child(args.database, args.folder, args.site, args.measure, args.format)
        result["peak_rss_mb"] = peak_rss_mb()
        print(MARKER + json.dumps(result), flush=True)
        return 0

    if args.measure == "payroll":
        args.format = "xlsx"
    wall = time.perf_counter()
    folder = args.keep or tempfile.mkdtemp(prefix="export-bench-")
    os.makedirs(folder, exist_ok=True)
    database = os.path.join(folder, "bench.db")
    built, reused = 0.0, True
    try:
        started = time.perf_counter()
        marker = os.path.join(folder, f"built-{args.people}-{args.records}-{args.seed}")
        if not os.path.exists(marker):
            if os.path.exists(database):
                os.remove(database)
            site_id = build(database, folder, args.people, args.records, args.seed)
            reused = False
            with open(marker, "w") as out:
                out.write(str(site_id))
        with open(marker) as built_site:
            site_id = int(built_site.read())
        built = time.perf_counter() - started
        measure = (args.measure, args.format)
        run_child("erp", database, folder, site_id, *measure)  # warm-up: page cache
        run_child("bare", database, folder, site_id, *measure)
        results = {"erp": [], "bare": []}
        for _ in range(args.runs):
            for kind in ("erp", "bare"):
                results[kind].append(run_child(kind, database, folder, site_id, *measure))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    def median(kind, key):
        return statistics.median(result[key] for result in results[kind])

    what = {"payroll": "payroll export (xlsx)",
            "records": f"list export of PenaltyRecordView ({args.format})",
            "audit": f"list export of AuditLogView, the audit trail ({args.format})"}
    print(f"Export benchmark: {what[args.measure]} (CPython {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, SQLite "
          f"{__import__('sqlite3').sqlite_version})")
    print(f"site: {args.people} technicians, {args.records} final records in {MONTH} and "
          f"{args.records} audit rows; built in {built:.1f} s"
          + (" (the one kept in --keep)" if reused else ""))
    print(f"median of {args.runs} runs each, erp and bare alternated, each in a fresh "
          "interpreter")
    erp_label = ("erp (export_response, xlsx)" if args.measure == "payroll"
                 else f"erp (core.export ListTable, {args.format})")
    bare_label = ("bare (sqlite3 + openpyxl write_only)" if args.format == "xlsx"
                  else "bare (sqlite3 + csv.writer)")
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
    print(f"(wall time {time.perf_counter() - wall:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
