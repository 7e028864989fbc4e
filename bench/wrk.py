"""Benchmark: the ERP's service request API under wrk, against a bare Flask + Core app.

    make bench                                  # wrk and gunicorn, once
    .venv/bin/python bench/seed.py --url $URL   # the data (see bench/seed.py)
    .venv/bin/python bench/wrk.py --url $URL    # 3 rounds of 20 s per measure

Both apps run under gunicorn (``--workers`` sync workers each) on the same
PostgreSQL database: the ERP (``core:create_app()``, as ``dealer-a`` with a JWT)
and ``bench/baseline_app.py`` (the same query and JSON for dealer-a, nothing else).
For each measure —

* **list**: ``GET /api/v1/service_request/?q=(page_size:25)``, the dealer's first
  page, newest first, with its count;
* **row**: ``GET /api/v1/service_request/<id>``, one of the dealer's rows;
* **create**: ``POST /api/v1/service_request/``, a new request of one of the
  dealer's customers —

wrk (``--connections`` connections, ``--duration`` seconds) runs against one app
and then the other, the order swapped every round, for ``--rounds`` rounds.
Printed per measure: the medians of requests/s, p50 and p95 latency (wrk's Lua
``done`` hook), server CPU per request (the gunicorn workers' user + system time
from /proc, divided by the requests), and the ratios ERP / baseline.

Targets (issue 12): list throughput >= 0.6x the baseline and p95 <= 2x.
It measures; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH-RESULT %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def gunicorn(app: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/service_request/1",
                                   timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers (401/404): it is up
        except OSError:
            time.sleep(0.5)
    return process


def cpu_seconds(master: int) -> float:
    """User + system time of the master's worker processes, so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wrk(url: str, script: str, headers: list[str], connections: int, seconds: int,
        master: int) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
               "-s", script]
    for header in headers:
        command += ["-H", header]
    before = cpu_seconds(master)
    output = subprocess.run(command + [url], capture_output=True, text=True,
                            check=True).stdout
    cpu = cpu_seconds(master) - before
    line = next(line for line in output.splitlines() if line.startswith("BENCH-RESULT"))
    requests, duration, p50, p95, errors = map(int, line.split()[1:])
    return {"rps": requests / (duration / 1e6), "p50_ms": p50 / 1000, "p95_ms": p95 / 1000,
            "errors": errors, "cpu_ms": 1000 * cpu / max(requests, 1)}


def script_file(folder: str, name: str, body: dict | None) -> str:
    path = os.path.join(folder, f"{name}.lua")
    with open(path, "w") as handle:
        if body is not None:
            handle.write('wrk.method = "POST"\n')
            handle.write(f"wrk.body = {json.dumps(json.dumps(body))}\n")
            handle.write('wrk.headers["Content-Type"] = "application/json"\n')
        handle.write(REPORT)
    return path


def dealer_facts(url: str) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        site_id, dealer_id = connection.execute(text(
            "SELECT site_id, id FROM dealer WHERE code = 'dealer-a'")).one()
        row_id = connection.execute(text(
            "SELECT max(id) FROM service_request WHERE dealer_id = :d"), {"d": dealer_id}
        ).scalar()
        customer_id = connection.execute(text(
            "SELECT max(id) FROM customer WHERE dealer_id = :d"), {"d": dealer_id}).scalar()
        rows = connection.execute(text("SELECT count(*) FROM service_request")).scalar()
    engine.dispose()
    return {"site_id": site_id, "dealer_id": dealer_id, "row_id": row_id,
            "customer_id": customer_id, "rows": rows}


def token(port: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/security/login", method="POST",
        data=json.dumps({"username": "dealer-a", "password": "demo",
                         "provider": "db"}).encode(),
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=30))["access_token"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the seeded PostgreSQL database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--measures", default="list,row,create")
    args = parser.parse_args()

    facts = dealer_facts(args.url)
    env = dict(os.environ, ERP_DATABASE_URL=args.url,
               ERP_SECRET_KEY="bench-secret-key-of-at-least-32-bytes",
               BENCH_SITE_ID=str(facts["site_id"]), BENCH_DEALER_ID=str(facts["dealer_id"]),
               ERP_RATELIMIT_STORAGE_URI="memory://")
    servers = {"erp": gunicorn("core:create_app()", 8801, args.workers, env),
               "base": gunicorn("bench.baseline_app:create_app()", 8802, args.workers, env)}
    ports = {"erp": 8801, "base": 8802}
    results: dict = {}
    try:
        headers = {"erp": [f"Authorization: Bearer {token(8801)}"], "base": []}
        body = {"customer": facts["customer_id"], "description": "设备无法启动",
                "channel": "phone", "category": "quality", "severity": "general"}
        with tempfile.TemporaryDirectory() as folder:
            measures = {
                "list": ("/api/v1/service_request/?q=(page_size:25)",
                         script_file(folder, "get", None)),
                "row": (f"/api/v1/service_request/{facts['row_id']}",
                        script_file(folder, "get", None)),
                "create": ("/api/v1/service_request/", script_file(folder, "post", body)),
            }
            for name in args.measures.split(","):
                path, script = measures[name]
                for round_number in range(args.rounds):
                    order = ("erp", "base") if round_number % 2 == 0 else ("base", "erp")
                    for app in order:
                        results.setdefault((name, app), []).append(wrk(
                            f"http://127.0.0.1:{ports[app]}{path}", script, headers[app],
                            args.connections, args.duration, servers[app].pid))
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)

    print(f"wrk benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
          f"(CPython {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs)")
    print(f"{facts['rows']:,} service requests; gunicorn {args.workers} sync workers each; "
          f"wrk {args.connections} connections, {args.duration} s, {args.rounds} rounds "
          "alternated; medians")
    print(f"{'measure':8} {'app':5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'CPU ms/req':>10} {'errors':>6}")
    for name in args.measures.split(","):
        row = {}
        for app in ("erp", "base"):
            runs = results[(name, app)]
            row[app] = {key: statistics.median(run[key] for run in runs)
                        for key in ("rps", "p50_ms", "p95_ms", "cpu_ms")}
            print(f"{name:8} {app:5} {row[app]['rps']:8.1f} {row[app]['p50_ms']:8.1f} "
                  f"{row[app]['p95_ms']:8.1f} {row[app]['cpu_ms']:10.1f} "
                  f"{sum(run['errors'] for run in runs):6d}")
        print(f"{name:8} ratio  {row['erp']['rps'] / row['base']['rps']:7.2f}x "
              f"{row['erp']['p50_ms'] / row['base']['p50_ms']:7.2f}x "
              f"{row['erp']['p95_ms'] / row['base']['p95_ms']:7.2f}x "
              f"{row['erp']['cpu_ms'] / max(row['base']['cpu_ms'], 1e-9):9.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
