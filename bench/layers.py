"""Benchmark: our layers (the site gate and the ORM scope) against FAB's base_filters.

    .venv/bin/python bench/seed.py --url $URL --scale 0.05 --layout dealer
    .venv/bin/python bench/layers.py --url $URL        # PostgreSQL, 30 rounds of 100
    .venv/bin/python bench/layers.py --sqlite          # a temporary SQLite file
    .venv/bin/python bench/layers.py --url $URL --profile   # and where each spends

One process, one app (``core.create_app``), the Flask test client, ``dealer-a``
with a JWT, the dealer's first page of service requests with its count
(``?q=(page_size:25)``), served three ways:

* **layers**: ``GET /api/v1/service_request/`` as the ERP serves it: the addon
  gate (``core.security.addon_gate`` before the request, the addon check in
  ``has_access``; ``core.sites``) and the ORM scope (``core.scope``: the
  ``do_orm_execute`` hook adding ``with_loader_criteria`` for the user's site and
  dealer);
* **base_filters**: ``GET /api/v1/service_request_base_filters/``, a subclass of
  the same API class registered here only, scoped by FAB's own ``base_filters``
  (``site_id`` and ``dealer_id`` equal to the user's, ``FilterEqualFunction`` on
  ``g.user``), with its own permission name (granted to dealer-a's roles in this
  database: no addon owns it, so ``has_access`` checks no addon) and, while its
  requests run, the gate taken out of the app's ``before_request`` functions and
  the scope hook out of the session's events.  Everything else (FAB, the ERP's FAB
  workarounds, the list-argument checks, the count) is the same code.
* **as shipped**: the ERP's request again, its page read as rows
  (``core.list_rows``); *layers* and *base_filters* read it FAB's way, the only way
  a filtered list (base_filters' is) is read, so that they differ by the layers only.

Both answers are checked to be the same JSON (rows, count, everything but the
resource's own name).  Then rounds alternate (the order swapped every round):
``--requests`` requests of one, then of the other, each timed with
``time.process_time`` (this process's CPU: the app and the database driver, not
the database server).  Printed: the median CPU per request of each, the ratio
layers / base_filters, and the target (issue 12: at most 1.1x); and as shipped /
base_filters.
It measures; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import make_app  # noqa: E402

LIST = "/api/v1/service_request/?q=(page_size:25)"
BASE_FILTERS_LIST = "/api/v1/service_request_base_filters/?q=(page_size:25)"
BASE_FILTERS_PERMISSION_VIEW = "ServiceRequestBaseFilters"
TARGET = 1.1


def base_filters_api():
    """The service request API scoped by FAB's ``base_filters`` instead of our layers."""
    from flask import g
    from flask_appbuilder.models.sqla.filters import FilterEqualFunction

    from addons.service_policy.api.service_request import ServiceRequestApi

    class ServiceRequestBaseFiltersApi(ServiceRequestApi):
        resource_name = "service_request_base_filters"
        class_permission_name = BASE_FILTERS_PERMISSION_VIEW
        base_filters = [["site_id", FilterEqualFunction, lambda: g.user.site_id],
                        ["dealer_id", FilterEqualFunction, lambda: g.user.dealer_id]]

    return ServiceRequestBaseFiltersApi


def add_base_filters_api(app) -> None:
    """Register the base_filters API and grant dealer-a's roles its ``can_get``."""
    from core.context import system_context
    from core.extensions import db

    with app.app_context(), system_context(None):
        view = app.appbuilder.add_api(base_filters_api())
        # the list-argument checks (core.listargs) find a view by its blueprint: the
        # same checks for both
        app.extensions["erp_views_by_blueprint"][view.blueprint.name] = view
        security = app.appbuilder.sm
        permission = security.add_permission_view_menu("can_get",
                                                        BASE_FILTERS_PERMISSION_VIEW)
        for role in security.find_user(username="dealer-a").roles:
            security.add_permission_role(role, permission)
        db.session.commit()


@contextlib.contextmanager
def layers_off(app):
    """The addon gate and the scope hook out of the way, as if the ERP had neither."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from core.scope import _scope_reads
    from core.security import addon_gate

    functions = app.before_request_funcs[None]
    place = functions.index(addon_gate)
    functions.pop(place)
    event.remove(Session, "do_orm_execute", _scope_reads)
    try:
        yield
    finally:
        event.listen(Session, "do_orm_execute", _scope_reads)
        functions.insert(place, addon_gate)


def token(client) -> dict:
    response = client.post("/api/v1/security/login", json={
        "username": "dealer-a", "password": "demo", "provider": "db"})
    assert response.status_code == 200, response.data
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def answer(client, url, headers) -> dict:
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.data[:300]!r}")
    return response.json


def same_answers(app, client, headers) -> tuple[dict, str]:
    """Layers' answer, checked to be base_filters' answer, and the count the ERP's API
    answers with the layers off (the whole table: they are off)."""
    layers = answer(client, LIST, headers)
    with layers_off(app):
        base = answer(client, BASE_FILTERS_LIST, headers)
        with rows_off():  # the rows' way applies the scope's criteria itself
            everything = answer(client, LIST, headers)
    unscoped = f"{everything['count']:,} rows" + (
        ", an estimate" if everything.get("count_estimated") else "")
    if json.dumps(layers, sort_keys=True) != json.dumps(base, sort_keys=True):
        differ = sorted(key for key in set(layers) | set(base)
                        if layers.get(key) != base.get(key))
        raise SystemExit(f"the two answers differ in: {', '.join(differ)}")
    return layers, unscoped


def statements(app, client, url, headers) -> int:
    """The SQL statements one request sends."""
    from sqlalchemy import event

    from core.extensions import db

    sent = []

    def count(*args):
        sent.append(args)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        answer(client, url, headers)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def cpu_per_request(client, url, headers, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return (time.process_time() - started) / requests


@contextlib.contextmanager
def rows_off():
    """Every list read FAB's way (core.list_rows answers None): the base_filters API
    is filtered, which FAB's way reads, so the layers are compared on the same way."""
    from core import list_rows

    page = list_rows.page
    list_rows.page = lambda *args: None
    try:
        yield
    finally:
        list_rows.page = page


def run_layers(app, client, headers, requests):
    with rows_off():
        return cpu_per_request(client, LIST, headers, requests)


def run_as_shipped(app, client, headers, requests):
    return cpu_per_request(client, LIST, headers, requests)


def run_base_filters(app, client, headers, requests):
    with layers_off(app):
        return cpu_per_request(client, BASE_FILTERS_LIST, headers, requests)


def profile(app, client, headers, requests: int, lines: int) -> None:
    for label, run in (("layers", run_layers), ("base_filters", run_base_filters)):
        profiler = cProfile.Profile()
        profiler.enable()
        run(app, client, headers, requests)
        profiler.disable()
        print(f"\n--- cProfile, {label}, {requests} requests ---")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)


def sqlite_database(folder: str, service_requests: int) -> str:
    """A SQLite file with the demo data and ``service_requests`` requests over the
    demo's customers (bench/seed.py is PostgreSQL's)."""
    from core import create_app, migrate
    from core.context import system_context
    from core.demo import load
    from core.extensions import db

    url = "sqlite:///" + os.path.join(folder, "layers.db")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ADDONS_PATHS": [],
                      "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
                      "CELERY_BROKER_URL": "memory://",
                      "CELERY_RESULT_BACKEND": "cache+memory://",
                      "INSTANCE_DIR": folder})
    with app.app_context(), system_context(None):
        migrate.upgrade(app)
        load(app)
        db.session.commit()
        run = db.session.connection().exec_driver_sql
        run(f"""WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g
                                        WHERE n < {service_requests}),
                     c AS (SELECT id, site_id, dealer_id,
                                  row_number() OVER (ORDER BY id) - 1 AS k,
                                  count(*) OVER () AS customers
                           FROM customer WHERE dealer_id IS NOT NULL)
                INSERT INTO service_request (site_id, dealer_id, customer_id, number, state,
                    channel, category, severity, consultation, description, received_at,
                    answer_due_at, final_inspection, filed_with_qm, version)
                SELECT c.site_id, c.dealer_id, c.id, 'B-' || n, 'new', 'phone', 'quality',
                       'general', 0, 'equipment does not start',
                       datetime('2026-01-01', '+' || n || ' minutes'),
                       datetime('2026-01-02', '+' || n || ' minutes'), 0, 0, 1
                FROM g JOIN c ON c.k = n % c.customers""")
        db.session.commit()
    with app.app_context(), db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a database seeded by bench/seed.py (PostgreSQL)")
    where.add_argument("--sqlite", action="store_true",
                       help="a temporary SQLite file with the demo data and --sqlite-rows "
                            "service requests")
    parser.add_argument("--sqlite-rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=100, help="requests per round")
    parser.add_argument("--profile", action="store_true",
                        help="then cProfile --requests of each and print the top functions")
    parser.add_argument("--profile-lines", type=int, default=45)
    args = parser.parse_args()

    wall = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or sqlite_database(folder, args.sqlite_rows)
        app = make_app(url, folder)
        add_base_filters_api(app)
        client = app.test_client()
        headers = token(client)
        layers, unscoped = same_answers(app, client, headers)
        with app.app_context():
            from core.extensions import db

            with db.engine.connect() as connection:
                in_table = connection.exec_driver_sql(
                    "SELECT count(*) FROM service_request").scalar()
                database = f"{db.engine.dialect.name} {connection.dialect.server_version_info}"
        # warm-up: statement caches, the first requests' imports
        run_layers(app, client, headers, 20)
        run_base_filters(app, client, headers, 20)
        run_as_shipped(app, client, headers, 20)
        sent = {"as shipped": statements(app, client, LIST, headers)}
        with rows_off():
            sent["layers"] = statements(app, client, LIST, headers)
        with layers_off(app):
            sent["base_filters"] = statements(app, client, BASE_FILTERS_LIST, headers)
        times = {"layers": [], "base_filters": [], "as shipped": []}
        runs = {"layers": run_layers, "base_filters": run_base_filters,
                "as shipped": run_as_shipped}
        load_before = os.getloadavg()
        for round_number in range(args.rounds):
            order = ("layers", "base_filters", "as shipped") if round_number % 2 == 0 \
                else ("as shipped", "base_filters", "layers")
            for name in order:
                times[name].append(runs[name](app, client, headers, args.requests))
        load_after = os.getloadavg()
        if args.profile:
            profile(app, client, headers, args.requests, args.profile_lines)

    print(f"\nlayers benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
          f"(CPython {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs; {database})")
    print(f"dealer-a's service request list: {layers['count']:,} of {in_table:,} rows, "
          f"page of {len(layers['result'])}; same JSON from both: yes "
          f"(the ERP's API with the layers off: {unscoped})")
    print(f"{args.rounds} rounds of {args.requests} requests each, alternated; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        print(f"  {name:13} {medians[name] * 1000:7.2f} ms CPU a request   "
              f"range {min(values) * 1000:.2f}..{max(values) * 1000:.2f} ms   "
              f"{sent[name]} SQL statements")
    ratio = medians["layers"] / medians["base_filters"]
    ratios = sorted(a / b for a, b in zip(times["layers"], times["base_filters"]))
    print(f"ratio layers/base_filters: {ratio:.3f}x; difference "
          f"{1000 * (medians['layers'] - medians['base_filters']):.2f} ms a request")
    print(f"per round (paired): median {statistics.median(ratios):.3f}x, "
          f"range {ratios[0]:.3f}..{ratios[-1]:.3f}x")
    print(f"target: <= {TARGET}x -> {'met' if ratio <= TARGET else 'NOT met'}")
    print(f"as shipped (the list read as rows, core.list_rows) / base_filters: "
          f"{medians['as shipped'] / medians['base_filters']:.3f}x")
    print(f"(wall time {time.perf_counter() - wall:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
