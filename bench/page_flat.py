"""Benchmark: is a list's page and count as fast on a large database as on a small one?

    .venv/bin/python bench/seed.py --url $SMALL --scale 0.01   # 10,000 requests
    .venv/bin/python bench/seed.py --url $LARGE --scale 1      # 1,000,000 requests
    .venv/bin/python bench/page_flat.py --small $SMALL --large $LARGE
    .venv/bin/python bench/page_flat.py --small … --large … --users dealer-a --runs 9

Issue 12 asks for page + count time flat from 10k to 1M rows.  For every registered
list API (the list ``tests/test_indexes.py`` walks, made from the app, no model named)
and each user of ``--users`` (dealer-a and a site's service manager by default), the
default page is asked through the Flask test client (``GET /api/v1/<resource>/?q=
(page_size:25)``, default order) while a ``before_cursor_execute`` listener catches
the SQL the API sends: the page statement (the one with a LIMIT, as
``tests/test_indexes.py`` finds it) and the count (``SELECT count(…)`` over the same
table).  Each is then run again on its own, with the parameters the user's scope
gave it, ``--runs`` times after one warm-up (median wall time, rows fetched), and
once under ``EXPLAIN (ANALYZE, BUFFERS)`` for the shared buffers it touches (hit +
read: a figure that does not depend on how busy the machine is).  A list the user
may not open (403, or 404: the addon is off on their site) is said so and skipped.

Each database is measured in a fresh interpreter (``--child``): the app is created
once per process.  The table has, per list and user, the rows the user's count
finds on each database, the page's and the count's median ms and buffers, and the
ratios large / small.  Flat means a ratio near 1 although the rows grew 100-fold.
It measures; it does not pass or fail; ``make test`` does not run it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

PAGE = "/api/v1/{}/?q=(page_size:25)"
PASSWORD = "demo"
MARK = "PAGE-FLAT-RESULT "


def count_statement(statements, table: str):
    """The statement that counts the list's rows."""
    for statement, parameters in statements:
        flat = " ".join(statement.split()).lower()
        if flat.startswith("select count(") and f"from {table}" in flat:
            return statement, parameters
    return None


def timed(connection, statement, parameters, runs: int) -> dict:
    """Median ms of ``runs`` executions (after one warm-up), the rows it fetched and
    the shared buffers (hit + read) of one ``EXPLAIN (ANALYZE, BUFFERS)``."""
    rows = len(connection.exec_driver_sql(statement, parameters).fetchall())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        connection.exec_driver_sql(statement, parameters).fetchall()
        times.append(1000 * (time.perf_counter() - started))
    plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement,
                                      parameters).scalar()[0]["Plan"]
    return {"ms": statistics.median(times), "rows": rows,
            "buffers": plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)}


def measure(url: str, users: list[str], runs: int) -> dict:
    """{"<resource> <user>": figures} for one database."""
    from core import create_app
    from core.extensions import db
    from tests.test_indexes import caught_statements, page_statement
    from tests.test_request_cost import listed_apis

    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
                      "CELERY_BROKER_URL": "memory://",
                      "CELERY_RESULT_BACKEND": "cache+memory://",
                      "RATELIMIT_STORAGE_URI": "memory://"})
    client = app.test_client()
    apis = {view.resource_name: view for view in app.appbuilder.baseviews
            if getattr(view, "resource_name", None) in set(listed_apis(app))}
    with app.app_context():
        engine = db.engine
    results = {}
    for user in users:
        response = client.post("/api/v1/security/login", json={
            "username": user, "password": PASSWORD, "provider": "db"})
        if response.status_code != 200:
            raise SystemExit(f"{user} cannot log in on {url}: {response.status_code}")
        headers = {"Authorization": f"Bearer {response.json['access_token']}"}
        for resource in sorted(apis):
            table = apis[resource].datamodel.obj.__table__.name
            client.get(PAGE.format(resource), headers=headers)  # first use: not timed
            with caught_statements(engine) as statements:
                response = client.get(PAGE.format(resource), headers=headers)
            figures = {"status": response.status_code}
            results[f"{resource} {user}"] = figures
            if response.status_code != 200:
                continue
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(PAGE.format(resource), headers=headers)
                times.append(1000 * (time.perf_counter() - started))
            figures["api_ms"] = statistics.median(times)
            figures["total"] = response.json.get("count")
            with engine.connect() as connection:
                for name, found in (("page", page_statement(statements, table)),
                                    ("count", count_statement(statements, table))):
                    if found:
                        figures[name] = timed(connection, *found, runs)
                connection.rollback()
    return results


def child(url: str, users: list[str], runs: int) -> dict:
    """``measure`` in a fresh interpreter: its result."""
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", url, "--users",
         ",".join(users), "--runs", str(runs)],
        cwd=ROOT, capture_output=True, text=True)
    for line in output.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise SystemExit(f"measuring {url} failed:\n{output.stderr[-3000:]}")


def ratio(large, small) -> str:
    return f"{large / small:.2f}x" if small else "-"


def pair(small, large, width: int, digits: int, ratioed: bool) -> str:
    """``small > large`` in ``width`` characters, then the ratio if ``ratioed``."""
    if small is None or large is None:
        cell = f"{'-':>{width}}"
    else:
        cell = f"{f'{small:.{digits}f} > {large:.{digits}f}':>{width}}"
    shown = ratio(large, small) if None not in (small, large) else "-"
    return cell + (f" {shown:>6}" if ratioed else "")


def report(small: dict, large: dict) -> None:
    print(f"{'list':24} {'user':10} {'rows small':>10} {'rows large':>10} "
          f"{'page ms':>15} {'ratio':>6} {'count ms':>17} {'ratio':>6} "
          f"{'page buf':>9} {'count buf':>12} {'API ms':>15} {'ratio':>6}")
    for key in sorted(small, key=lambda key: (key.split()[1], key.split()[0])):
        resource, user = key.split()
        one, other = small[key], large.get(key, {})
        if one["status"] != 200 or other.get("status") != 200:
            print(f"{resource:24} {user:10} answers {one['status']} / "
                  f"{other.get('status')}: not measured")
            continue
        cells = [f"{resource:24} {user:10} {one.get('total') or 0:>10,} "
                 f"{other.get('total') or 0:>10,}"]
        for name, field, width, digits, ratioed in (
                ("page", "ms", 15, 2, True), ("count", "ms", 17, 2, True),
                ("page", "buffers", 9, 0, False), ("count", "buffers", 12, 0, False)):
            cells.append(pair(one.get(name, {}).get(field), other.get(name, {}).get(field),
                              width, digits, ratioed))
        cells.append(pair(one["api_ms"], other["api_ms"], 15, 1, True))
        print(" ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", help="a database seeded small (bench/seed.py)")
    parser.add_argument("--large", help="the same seeded large")
    parser.add_argument("--users", default="dealer-a,gz-manager",
                        help="demo users (password demo), comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per statement")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    users = args.users.split(",")
    if args.child:
        print(MARK + json.dumps(measure(args.child, users, args.runs)))
        return 0
    if not (args.small and args.large):
        parser.error("--small and --large are needed")
    started = time.perf_counter()
    print(f"Page and count, small versus large database (CPython {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs)")
    small = child(args.small, users, args.runs)
    large = child(args.large, users, args.runs)
    print(f"median of {args.runs} runs of each statement (after one warm-up); "
          "ms and shared buffers: small > large\n")
    report(small, large)
    print(f"\n(wall time {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
