"""Seed a PostgreSQL database at a manufacturer's scale, for bench/wrk.py.

    .venv/bin/python bench/seed.py --url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/seed.py --url … --scale 0.01        # 1 % of every count
    .venv/bin/python bench/seed.py --url … --layout dealer     # a dealer's rows together

The database is emptied (schema ``public`` dropped), migrated (``erp db upgrade``:
every migration, permissions and roles) and given the demo data (sites ``gz`` and
``hq``, ``dealer-a``, the demo users with password ``demo``); then the issue 12
sizes, the rows (not the people) times ``--scale``:

* 50 dealers over the two sites, 500 technicians;
* 100,000 customers, each of one dealer;
* 1,000,000 service requests over two years, each of its customer's dealer;
* 200,000 6S violations of the technicians over two years.

Rows are generated inside PostgreSQL (``generate_series``) in the order they would
arrive (``--layout arrival``: dealers interleaved, as a live system stores them) or
grouped by dealer (``--layout dealer``: a dealer's rows together, the layout where
the database work is cheap and the application's own cost shows).  ``ANALYZE``
afterwards.  The travel-expense lines of the issue wait for the travel_expense
addon, which is not installed yet.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

FULL = {"dealers": 50, "technicians": 500, "customers": 100_000,
        "service_requests": 1_000_000, "violations": 200_000}
DAYS = 730  # two years, ending on 2026-11-30


def seed(url: str, scale: float, layout: str) -> dict:
    from core import create_app, migrate
    from core.context import system_context
    from core.demo import load
    from core.extensions import db

    # the people stay as many at every scale; the rows they make are scaled
    counts = {name: number if name in ("dealers", "technicians")
              else max(1, int(number * scale)) for name, number in FULL.items()}
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADDONS_PATHS": [],
                      "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
                      "CELERY_BROKER_URL": "memory://",
                      "CELERY_RESULT_BACKEND": "cache+memory://"})
    with app.app_context(), system_context(None):
        migrate.upgrade(app)
        load(app)
        db.session.commit()
        run = db.session.connection().exec_driver_sql
        sites = [row[0] for row in run("SELECT id FROM site ORDER BY id")]
        have = run("SELECT count(*) FROM dealer").scalar()
        run(f"""INSERT INTO dealer (site_id, code, name, region)
                SELECT (ARRAY{sites})[1 + mod(n, {len(sites)})], 'bench-' || n,
                       'Bench dealer ' || n, 'south'
                FROM generate_series(1, {max(0, counts['dealers'] - have)}) AS g(n)""")
        dealers = run("SELECT count(*) FROM dealer").scalar()
        technician_role = run("SELECT id FROM ab_role WHERE name = 'Technician'").scalar()
        run(f"""INSERT INTO ab_user (first_name, last_name, username, email, password,
                                     active, site_id, created_on, changed_on,
                                     login_count, fail_login_count)
                SELECT '技师', n::text, 'bench-tech-' || n, 'bench-tech-' || n || '@example.com',
                       'x', true, (ARRAY{sites})[1 + mod(n, {len(sites)})], now(), now(), 0, 0
                FROM generate_series(1, {counts['technicians']}) AS g(n)""")
        run(f"""INSERT INTO ab_user_role (user_id, role_id)
                SELECT id, {technician_role} FROM ab_user WHERE username LIKE 'bench-tech-%%'""")
        # customers: round robin over the dealers, each on its dealer's site
        run(f"""INSERT INTO customer (site_id, dealer_id, name, key_customer)
                SELECT d.site_id, d.id, '客户 ' || n, mod(n, 50) = 0
                FROM generate_series(1, {counts['customers']}) AS g(n)
                JOIN (SELECT id, site_id, row_number() OVER (ORDER BY id) - 1 AS k
                      FROM dealer) d ON d.k = mod(n, {dealers})""")
        order = "at" if layout == "arrival" else "c.dealer_id, at"
        customers = counts["customers"]
        run(f"""INSERT INTO service_request (site_id, dealer_id, customer_id, number, state,
                    channel, category, severity, consultation, description, received_at,
                    answer_due_at, final_inspection, filed_with_qm, version)
                SELECT c.site_id, c.dealer_id, c.id, 'B-' || n,
                       (ARRAY['new','acknowledged','dispatched','resolved','closed'])
                           [1 + mod(n, 5)],
                       'phone', 'quality', 'general', false, '设备无法启动，请尽快派人', at,
                       at + interval '24 hours', false, false, 1
                FROM (SELECT n, timestamp '2024-12-01' + (n::float8 / {counts['service_requests']})
                             * interval '{DAYS} days' AS at,
                             1 + mod(n * 7919, {customers}) AS k
                      FROM generate_series(1, {counts['service_requests']}) AS g(n)) s
                JOIN (SELECT id, site_id, dealer_id, row_number() OVER (ORDER BY id) AS k
                      FROM customer) c ON c.k = s.k
                ORDER BY {order}""")
        run(f"""INSERT INTO sixs_violation (site_id, person_id, kind, occurred_at, local_date,
                                            week_start, month)
                SELECT u.site_id, u.id, 'item', at, at::date,
                       date_trunc('week', at)::date, to_char(at, 'YYYY-MM')
                FROM (SELECT n, timestamp '2024-12-01' + (n::float8 / {counts['violations']})
                             * interval '{DAYS} days' AS at,
                             mod(n, {counts['technicians']}) AS k
                      FROM generate_series(1, {counts['violations']}) AS g(n)) s
                JOIN (SELECT id, site_id, row_number() OVER (ORDER BY id) - 1 AS k FROM ab_user
                      WHERE username LIKE 'bench-tech-%%') u ON u.k = s.k""")
        db.session.commit()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "ANALYZE")
        db.engine.dispose()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True,
                        help="a PostgreSQL database that may be emptied")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="times the issue's sizes (default 1: 1,000,000 requests)")
    parser.add_argument("--layout", choices=("arrival", "dealer"), default="arrival")
    args = parser.parse_args()
    from tests.fixtures import _reset_postgres  # the test run's reset: schema dropped

    started = time.perf_counter()
    _reset_postgres(args.url)
    counts = seed(args.url, args.scale, args.layout)
    print(f"seeded ({args.layout} layout, scale {args.scale}): "
          + ", ".join(f"{number:,} {name.replace('_', ' ')}" for name, number in counts.items())
          + f" in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
