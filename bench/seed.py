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
* 200,000 6S violations of the technicians over two years;
* 2,000,000 travel-expense lines, with the claims (trips) they belong to.

Rows are generated inside PostgreSQL (``generate_series``) in the order they would
arrive (``--layout arrival``: dealers interleaved, as a live system stores them) or
grouped by dealer (``--layout dealer``: a dealer's rows together, the layout where
the database work is cheap and the application's own cost shows).  ``VACUUM
ANALYZE`` afterwards.

Travel expenses (domain.md, addon 4): each technician makes trips one after the
other, never two at once: a trip of 1 to 4 days to a city of the province, a claim
per trip, filed the day after it ends.  A claim's lines are the way there and back
(``transport``), a night's ``accommodation`` (160–340 yuan, under the 350 daily
limit), a day's ``allowance`` (100, the limit) for each day, one ``phone_allowance``
(10) and, on repair and warranty trips, ``materials`` and ``freight``; 7.5 lines
a claim, 266,667 claims at full size.  Receipts and cities match the trip
(no flag: ``flags`` is ``[]``, every line reimbursable), invoice numbers are unique,
travel costs are the manufacturer's and materials and freight manufacturing cost
(the technicians are not in ``sales_branch_staff``).  A claim's state follows how
long ago its trip ended: draft (≤ 2 days), submitted (≤ 9), approved by the manager
(≤ 16), by finance (≤ 23), then paid; one claim in 50 was rejected by the manager.
The approvers are the site's first service manager and finance user (none on a
site without one).  Two million lines are more than 500 people spend in two years
(167 lines a technician-month, 8 a working day), so the trips go back as far as they
need: six years at full size, about 19 travel days and 56 lines per technician and
month; at smaller scales the same six years, fewer trips.  Receipt lines carry the
metadata of a PDF receipt (key, name, size, SHA-256) but the files themselves are
not written: downloading one answers 404.  ``--layout dealer`` groups claims and
lines by claimant (their owner, the scope of a technician's list).  The claims and
lines are stored for every technician, on both sites, like the 6S violations,
whether or not the site enables the addon (the demo enables it on ``gz`` only).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

FULL = {"dealers": 50, "technicians": 500, "customers": 100_000,
        "service_requests": 1_000_000, "violations": 200_000, "expense_lines": 2_000_000}
DAYS = 730  # two years, ending on 2026-11-30
END = "2026-11-30"
# travel expenses: the trips go back at least six years, longer when needed for a
# technician's trips not to overlap (the 4-day trips need 4 days between starts)
EXPENSE_DAYS = 2191
TRIP_GAP = 4.05
# a trip's purpose; the repair trips (materials) and the warranty one (freight)
PURPOSES = ("收割机故障维修", "新机安装调试", "三包更换零件", "客户投诉处理",
            "重点客户回访", "拖拉机漏油维修", "巡回服务", "质量问题现场调查")
MATERIALS_PURPOSES = (0, 2, 5)
FREIGHT_PURPOSES = (2,)
CITIES = ("佛山", "东莞", "清远", "韶关", "中山", "江门", "惠州", "深圳", "肇庆", "湛江",
          "茂名", "梅州")
RECEIPT_KINDS = ("transport", "accommodation", "materials", "freight")


def trip(k: int, technicians: int) -> tuple[int, int, int, int]:
    """(technician, their j-th trip, days, purpose) of claim ``k`` (from 1): the
    formulas of the claims' SQL below."""
    t, j = (k - 1) % technicians, (k - 1) // technicians
    return t, j, 1 + (j + t) % 4, (3 * j + t) % 8


def claims_for(lines: int, technicians: int) -> int:
    """The fewest claims with at least ``lines`` lines between them."""
    total = k = 0
    while total < lines:
        k += 1
        _, _, days, purpose = trip(k, technicians)
        total += 2 * days + 2 + (purpose in MATERIALS_PURPOSES) + (purpose in FREIGHT_PURPOSES)
    return k


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
        start = f"timestamp '{END}' - interval '{DAYS} days'"  # the last row at END
        customers = counts["customers"]
        run(f"""INSERT INTO service_request (site_id, dealer_id, customer_id, number, state,
                    channel, category, severity, consultation, description, received_at,
                    answer_due_at, final_inspection, filed_with_qm, version)
                SELECT c.site_id, c.dealer_id, c.id, 'B-' || n,
                       (ARRAY['new','acknowledged','dispatched','resolved','closed'])
                           [1 + mod(n, 5)],
                       'phone', 'quality', 'general', false, '设备无法启动，请尽快派人', at,
                       at + interval '24 hours', false, false, 1
                FROM (SELECT n, {start} + (n::float8 / {counts['service_requests']})
                             * interval '{DAYS} days' AS at,
                             1 + mod(n::bigint * 7919, {customers}) AS k
                      FROM generate_series(1, {counts['service_requests']}) AS g(n)) s
                JOIN (SELECT id, site_id, dealer_id, row_number() OVER (ORDER BY id) AS k
                      FROM customer) c ON c.k = s.k
                ORDER BY {order}""")
        run(f"""INSERT INTO sixs_violation (site_id, person_id, kind, occurred_at, local_date,
                                            week_start, month)
                SELECT u.site_id, u.id, 'item', at, at::date,
                       date_trunc('week', at)::date, to_char(at, 'YYYY-MM')
                FROM (SELECT n, {start} + (n::float8 / {counts['violations']})
                             * interval '{DAYS} days' AS at,
                             mod(n, {counts['technicians']}) AS k
                      FROM generate_series(1, {counts['violations']}) AS g(n)) s
                JOIN (SELECT id, site_id, row_number() OVER (ORDER BY id) - 1 AS k FROM ab_user
                      WHERE username LIKE 'bench-tech-%%') u ON u.k = s.k""")
        counts["expense_claims"] = _expenses(run, counts, layout)
        db.session.commit()
        # VACUUM as well: the visibility map lets a count read the index alone, as it
        # does on a live database that autovacuum has visited (the bench server may run
        # without autovacuum, and a freshly loaded table has none of its pages marked)
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE")
        db.engine.dispose()
    return counts


def _expenses(run, counts: dict, layout: str) -> int:
    """The travel-expense claims and their ``counts['expense_lines']`` lines (see the
    module's docstring); the number of claims."""
    technicians, wanted = counts["technicians"], counts["expense_lines"]
    claims = claims_for(wanted, technicians)
    rounds = -(-claims // technicians)  # a technician's trips, at most
    days = max(EXPENSE_DAYS, math.ceil(TRIP_GAP * rounds))
    # the j-th trips of all the technicians start within the j-th gap, the last
    # ends by the day before END
    gap = days / rounds
    purposes = "ARRAY[%s]" % ", ".join(f"'{purpose}'" for purpose in PURPOSES)
    cities = "ARRAY[%s]" % ", ".join(f"'{city}'" for city in CITIES)
    order = "trip_end, k" if layout == "arrival" else "u.site_id, u.id, trip_start"
    run("SET LOCAL work_mem = '256MB'")
    run(f"""INSERT INTO expense_claim (site_id, claimant_id, destination, trip_start,
                trip_end, purpose, organisation, state, submitted_at, manager_approved_at,
                manager_approver_id, finance_approved_at, finance_approver_id, paid_at,
                rejected_at, reject_reason, fraud, version)
            SELECT u.site_id, u.id, destination, trip_start, trip_end, purpose,
                   'manufacturer', state,
                   CASE WHEN state <> 'draft' THEN filed END,
                   CASE WHEN state IN ('manager_approved', 'finance_approved', 'paid')
                        THEN filed + interval '3 days' END,
                   CASE WHEN state IN ('manager_approved', 'finance_approved', 'paid')
                        THEN a.manager END,
                   CASE WHEN state IN ('finance_approved', 'paid')
                        THEN filed + interval '5 days' END,
                   CASE WHEN state IN ('finance_approved', 'paid') THEN a.finance END,
                   CASE WHEN state = 'paid' THEN filed + interval '12 days' END,
                   CASE WHEN state = 'rejected' THEN filed + interval '2 days' END,
                   CASE WHEN state = 'rejected' THEN '请补充酒店消费明细单。' END,
                   false,
                   CASE state WHEN 'draft' THEN 1 WHEN 'submitted' THEN 2
                              WHEN 'manager_approved' THEN 3 WHEN 'rejected' THEN 3
                              WHEN 'finance_approved' THEN 4 ELSE 5 END
            FROM (SELECT k, t, trip_start, trip_end, destination, purpose,
                         trip_end + 1 + time '10:00' AS filed,
                         CASE WHEN date '{END}' - trip_end <= 2 THEN 'draft'
                              WHEN date '{END}' - trip_end <= 9 THEN 'submitted'
                              WHEN mod(k, 50) = 7 THEN 'rejected'
                              WHEN date '{END}' - trip_end <= 16 THEN 'manager_approved'
                              WHEN date '{END}' - trip_end <= 23 THEN 'finance_approved'
                              ELSE 'paid' END AS state
                  FROM (SELECT k, t, trip_start, trip_start + d - 1 AS trip_end,
                               ({cities})[1 + mod(5 * j + t, {len(CITIES)})] AS destination,
                               ({purposes})[1 + p] AS purpose
                        FROM (SELECT k, t, j, d, p,
                                     date '{END}' - {days} + floor(j * {gap})::int
                                         + mod(7 * t + j, 1 + floor({gap})::int - d)
                                         AS trip_start
                              FROM (SELECT k, t, j, 1 + mod(j + t, 4) AS d,
                                           mod(3 * j + t, 8) AS p
                                    FROM (SELECT k, mod(k - 1, {technicians}) AS t,
                                                 (k - 1) / {technicians} AS j
                                          FROM generate_series(1, {claims}) AS g(k)) s1
                                    ) s2) s3) s4) s
            JOIN (SELECT id, site_id, row_number() OVER (ORDER BY id) - 1 AS t FROM ab_user
                  WHERE username LIKE 'bench-tech-%%') u ON u.t = s.t
            LEFT JOIN (SELECT u.site_id,
                              min(u.id) FILTER (WHERE r.name = 'Service Manager') AS manager,
                              min(u.id) FILTER (WHERE r.name = 'Finance') AS finance
                       FROM ab_user u JOIN ab_user_role ur ON ur.user_id = u.id
                       JOIN ab_role r ON r.id = ur.role_id
                       WHERE u.dealer_id IS NULL GROUP BY u.site_id) a
                   ON a.site_id = u.site_id
            ORDER BY {order}""")
    materials = ", ".join(str(1 + p) for p in MATERIALS_PURPOSES)
    freight = ", ".join(str(1 + p) for p in FREIGHT_PURPOSES)
    receipt = "l.kind IN (%s)" % ", ".join(f"'{kind}'" for kind in RECEIPT_KINDS)
    # a line's receipt: a key of the storage's form, a name, a size and a SHA-256
    digest = "md5('bench-receipt-' || c.id || '-' || l.o)"
    # the lines come in with their claim: in the claims' order, each claim's by day
    run(f"""INSERT INTO expense_line (site_id, claim_id, kind, spent_on, city, amount,
                invoice_number, flags, reimbursable, cost_bearer, file_key, file_name,
                file_size, file_sha256, content_type)
            SELECT c.site_id, c.id, l.kind, l.spent_on, l.city, l.amount,
                   CASE WHEN {receipt}
                        THEN '2644' || lpad((c.id::bigint * 64 + l.o)::text, 16, '0') END,
                   '[]'::json, true,
                   CASE WHEN l.kind IN ('materials', 'freight') THEN 'manufacturing_cost'
                        ELSE c.organisation END,
                   CASE WHEN {receipt} THEN substr({digest}, 1, 2) || '/'
                        || substr({digest}, 3, 2) || '/' || {digest} END,
                   CASE WHEN {receipt} THEN '发票-' || c.id || '-' || l.o || '.pdf' END,
                   CASE WHEN {receipt} THEN 20000 + mod(c.id * 131 + l.o * 17, 90000) END,
                   CASE WHEN {receipt} THEN encode(sha256(convert_to({digest}, 'UTF8')),
                                                   'hex') END,
                   CASE WHEN {receipt} THEN 'application/pdf' END
            FROM expense_claim c
            JOIN ab_user u ON u.id = c.claimant_id AND u.username LIKE 'bench-tech-%%'
            CROSS JOIN LATERAL (
                SELECT 1 AS o, 'transport' AS kind, c.trip_start AS spent_on,
                       c.destination AS city,
                       (20 + mod(c.id * 31, 121) + 0.5 * mod(c.id, 2))::numeric(12, 2)
                           AS amount
                UNION ALL
                SELECT 2, 'transport', c.trip_end, c.destination,
                       (20 + mod(c.id * 37, 121) + 0.5 * mod(c.id, 2))::numeric(12, 2)
                UNION ALL
                SELECT 10 + i, 'accommodation', c.trip_start + i, c.destination,
                       (160 + 10 * mod(c.id * 13 + i, 19))::numeric(12, 2)
                FROM generate_series(0, c.trip_end - c.trip_start - 1) AS n(i)
                UNION ALL
                SELECT 30 + i, 'allowance', c.trip_start + i, NULL, 100.00
                FROM generate_series(0, c.trip_end - c.trip_start) AS n(i)
                UNION ALL
                SELECT 50, 'phone_allowance', c.trip_end, NULL, 10.00
                UNION ALL
                SELECT 51, 'materials', c.trip_end, c.destination,
                       (50 + mod(c.id * 37, 1951))::numeric(12, 2)
                WHERE array_position({purposes}, c.purpose) IN ({materials})
                UNION ALL
                SELECT 52, 'freight', c.trip_end, c.destination,
                       (60 + mod(c.id * 17, 241))::numeric(12, 2)
                WHERE array_position({purposes}, c.purpose) IN ({freight})
            ) l
            ORDER BY c.id, l.spent_on, l.o
            LIMIT {wanted}""")
    # the last claim may have lost a line or all of them to the count
    run("""DELETE FROM expense_claim c USING ab_user u
           WHERE u.id = c.claimant_id AND u.username LIKE 'bench-tech-%%'
             AND NOT EXISTS (SELECT 1 FROM expense_line l WHERE l.claim_id = c.id)""")
    return run("""SELECT count(*) FROM expense_claim c JOIN ab_user u ON u.id = c.claimant_id
                  WHERE u.username LIKE 'bench-tech-%%'""").scalar()


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
