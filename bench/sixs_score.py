"""Benchmark: the monthly 6S score of inspection_6s versus a hand-written SQL query.

A site with 2,000 people (Technicians) and 200,000 violations in one month (about
3 % of them failed weekly clean-ups, at most one per person and week) plus four
confirmed Friday selections, in a temporary SQLite file.  It times

* **addon**: ``addons.inspection_6s.scoring.compute_monthly`` — the addon's own
  scoring (one SQL statement built with SQLAlchemy: ROW_NUMBER() window, CASE,
  GROUP BY; scoped by the host's ORM hooks; rows formatted as the API answers
  them), and
* **hand**: a hand-written SQL query of the same figures executed with
  ``text()`` on the same connection, rows fetched as tuples,

checks that both give the same figures for every person, and prints the medians
and the ratio addon / hand.  Target: at most 1.5x.

    .venv/bin/python bench/sixs_score.py                 # 2,000 people, 200,000 violations
    .venv/bin/python bench/sixs_score.py --runs 9 --people 500 --violations 50000

It measures; it does not pass or fail (exit 0 unless the figures differ).
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.common import analyze, built_and_alternated, print_medians  # noqa: E402

MONTH = "2026-11"

HAND_SQL = """
WITH ranked AS (
    SELECT person_id, kind,
           CASE WHEN kind = 'cleanup' THEN :p_cleanup
                WHEN ROW_NUMBER() OVER (PARTITION BY person_id, kind
                                        ORDER BY occurred_at, id) >= :threshold
                THEN :p_high
                ELSE :p_low END AS points
    FROM sixs_violation
    WHERE site_id = :site AND month = :month
),
per_person AS (
    SELECT person_id,
           SUM(CASE WHEN kind = 'item' THEN 1 ELSE 0 END) AS violations,
           SUM(CASE WHEN kind = 'cleanup' THEN 1 ELSE 0 END) AS cleanups,
           SUM(points) AS points
    FROM ranked GROUP BY person_id
),
chosen AS (
    SELECT person_id, SUM(best) AS best, SUM(worst) AS worst FROM (
        SELECT best_person_id AS person_id, 1 AS best, 0 AS worst
        FROM sixs_weekly_selection
        WHERE site_id = :site AND month = :month AND state = 'confirmed'
          AND best_person_id IS NOT NULL
        UNION ALL
        SELECT worst_person_id, 0, 1
        FROM sixs_weekly_selection
        WHERE site_id = :site AND month = :month AND state = 'confirmed'
          AND worst_person_id IS NOT NULL
    ) AS picks GROUP BY person_id
),
people AS (
    SELECT u.id AS person_id
    FROM ab_user u
    JOIN ab_user_role ur ON ur.user_id = u.id
    JOIN ab_role r ON r.id = ur.role_id
    WHERE u.site_id = :site AND u.active AND u.dealer_id IS NULL AND r.name = 'Technician'
    UNION SELECT person_id FROM per_person
    UNION SELECT person_id FROM chosen
)
SELECT p.person_id, u.username,
       COALESCE(v.violations, 0) AS violations,
       COALESCE(v.cleanups, 0) AS cleanups,
       COALESCE(v.points, 0) AS points,
       COALESCE(v.points, 0) * :cents_per_point AS deduction_cents,
       COALESCE(c.best, 0) AS best,
       COALESCE(c.worst, 0) AS worst,
       CASE WHEN COALESCE(c.best, 0) >= :best_needed THEN :reward_cents ELSE 0 END,
       CASE WHEN COALESCE(c.worst, 0) >= :worst_needed THEN :penalty_cents ELSE 0 END,
       RANK() OVER (ORDER BY COALESCE(v.points, 0)) AS rank
FROM people p
JOIN ab_user u ON u.id = p.person_id
LEFT JOIN per_person v ON v.person_id = p.person_id
LEFT JOIN chosen c ON c.person_id = p.person_id
ORDER BY points, u.username, p.person_id
"""


def build(app, people: int, count: int, seed: int) -> int:
    """The site, its people, checklist, violations and selections; returns site id."""
    from flask_appbuilder import Model
    from sqlalchemy import insert, select

    from core import clock, data
    from core.context import system_context
    from core.extensions import db
    from core.models import ErpUser, Site, SiteAddon

    from addons.inspection_6s.models import (SixsChecklistItem, SixsViolation,
                                             SixsWeeklySelection)

    rng = random.Random(seed)
    Model.metadata.create_all(db.engine)
    tables = Model.metadata.tables
    with system_context(None):
        site = Site(code="bench", name="Bench site")  # the default zone: UTC+8
        db.session.add(site)
        db.session.flush()
        site_id = site.id
        db.session.add(SiteAddon(site_id=site_id, addon="inspection_6s", enabled=True))
        db.session.flush()
        connection = db.session.connection()
        role_id = connection.execute(insert(tables["ab_role"]).values(name="Technician")
                                     ).inserted_primary_key[0]
        now = datetime.datetime(2026, 11, 1)
        connection.execute(insert(ErpUser.__table__), [
            {"first_name": f"P{n}", "last_name": "Bench", "username": f"bench-{n:05d}",
             "password": "x", "active": True, "email": f"bench-{n}@example.com",
             "site_id": site_id, "created_on": now, "changed_on": now, "login_count": 0,
             "fail_login_count": 0} for n in range(people)])
        person_ids = list(connection.execute(
            select(ErpUser.__table__.c.id).where(ErpUser.__table__.c.site_id == site_id)
        ).scalars())
        connection.execute(insert(tables["ab_user_role"]),
                           [{"user_id": pk, "role_id": role_id} for pk in person_ids])
    with system_context(site_id):
        data.load("inspection_6s", site_id)
        zone = clock.site_zone(site_id)
        item_ids = list(db.session.execute(select(SixsChecklistItem.id).where(
            SixsChecklistItem.site_id == site_id)).scalars())
        start = datetime.datetime(2026, 10, 31, 16, 0)  # 1 November 00:00 in Shanghai
        seconds = 30 * 24 * 3600
        rows, cleanups = [], set()
        for _ in range(count):
            person = rng.choice(person_ids)
            at = start + datetime.timedelta(seconds=rng.randrange(seconds))
            local = clock.local_date(at, zone)
            monday = local - datetime.timedelta(days=local.weekday())
            kind, item = "item", rng.choice(item_ids)
            if rng.random() < 0.03 and (person, monday) not in cleanups:
                cleanups.add((person, monday))
                kind, item = "cleanup", None
            rows.append({"site_id": site_id, "person_id": person, "kind": kind,
                         "checklist_item_id": item, "occurred_at": at, "local_date": local,
                         "week_start": monday, "month": MONTH})
        connection = db.session.connection()
        for offset in range(0, len(rows), 20000):
            connection.execute(insert(SixsViolation.__table__), rows[offset:offset + 20000])
        for friday in (6, 13, 20, 27):
            friday_date = datetime.date(2026, 11, friday)
            best, worst = rng.sample(person_ids, 2)
            connection.execute(insert(SixsWeeklySelection.__table__).values(
                site_id=site_id, week_start=friday_date - datetime.timedelta(days=4),
                friday=friday_date, month=MONTH, best_person_id=best,
                worst_person_id=worst, proposed_best_id=best, proposed_worst_id=worst,
                state="confirmed", version=1))
        db.session.commit()
    analyze(db)
    return site_id


def run_hand(site_id: int, rules):
    from sqlalchemy import text

    from core.extensions import db

    params = {
        "site": site_id, "month": MONTH, "p_low": rules.points_per_violation,
        "p_high": rules.points_from_threshold, "threshold": rules.violation_threshold,
        "p_cleanup": rules.points_per_cleanup_failure,
        "cents_per_point": rules.cents(rules.yuan_per_point),
        "best_needed": rules.best_count_for_reward,
        "worst_needed": rules.worst_count_for_penalty,
        "reward_cents": rules.cents(rules.best_reward_yuan),
        "penalty_cents": rules.cents(rules.worst_penalty_yuan)}
    with db.engine.connect() as connection:
        started = time.perf_counter()
        rows = connection.execute(text(HAND_SQL), params).all()
        elapsed = time.perf_counter() - started
    return elapsed, rows


def same_figures(addon_rows, hand_rows) -> bool:
    from addons.inspection_6s.rules import yuan

    mine = [(r["person_id"], r["violations"], r["cleanup_failures"], r["points"],
             r["deduction_yuan"], r["best_count"], r["worst_count"], r["reward_yuan"],
             r["penalty_yuan"], r["rank"]) for r in addon_rows]
    theirs = [(r[0], r[2], r[3], r[4], str(yuan(r[5])), r[6], r[7], str(yuan(r[8])),
               str(yuan(r[9])), r[10]) for r in hand_rows]
    return mine == theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--violations", type=int, default=200000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    wall = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="sixs-bench-")

    def measures(site_id):
        from addons.inspection_6s.rules import Rules
        from addons.inspection_6s.scoring import compute_monthly
        from core.context import system_context

        with system_context(site_id):
            rules = Rules.for_site(site_id)
        return (lambda: compute_monthly(site_id, MONTH, rules), lambda: run_hand(site_id, rules))

    built, addon_times, addon_rows, hand_times, hand_rows = built_and_alternated(
        "sqlite:///" + os.path.join(folder, "bench.db"), folder, args.runs,
        lambda app: build(app, args.people, args.violations, args.seed), measures)

    same = same_figures(addon_rows, hand_rows)
    points = sum(row["points"] for row in addon_rows)
    print(f"6S monthly score benchmark (CPython {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"SQLite {__import__('sqlite3').sqlite_version})")
    print(f"site: {args.people} people, {args.violations} violations in {MONTH}, "
          f"4 confirmed Fridays; built in {built:.1f} s")
    print(f"rows: {len(addon_rows)} people, {points} points in all; "
          f"same figures for every person: {'yes' if same else 'NO'}")
    print_medians(args.runs, "addon (scoring.compute_monthly)", addon_times,
                  "hand-written SQL", hand_times, "the hand-written query")
    print(f"(wall time {time.perf_counter() - wall:.1f} s)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
