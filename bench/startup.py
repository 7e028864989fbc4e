"""App start-up of the ERP versus a bare Flask-AppBuilder app with as many views.

Run from the repository root::

    .venv/bin/python bench/startup.py            # 7 runs of each, medians
    .venv/bin/python bench/startup.py --runs 15

What is compared
----------------
* ``erp``:  ``core.create_app`` with every installed addon (``addons/`` and, when
  it exists, ``tests/fixture_addons`` through ``ADDONS_PATHS``) on an in-memory
  SQLite database.
* ``bare``: plain Flask + ``flask_appbuilder.AppBuilder`` + FAB's ``SQLA`` with the
  same FAB settings (``FAB_UPDATE_PERMS=False``, ``FAB_CREATE_DB=False``, the
  OpenAPI views on), ``CSRFProtect`` initialised before ``appbuilder.init_app``,
  and as many generated trivial ``ModelView`` / ``ModelRestApi`` classes as the
  ERP registers beyond FAB's own views (same split between views and APIs), over
  generated throw-away models on FAB's ``Model`` base.

Every measurement runs in a fresh interpreter (``sys.executable bench/startup.py
--child erp|bare --views N``): import caches and FAB's class-level state would
otherwise make every run after the first one cheaper.  Each child times

* ``import``: importing the framework (for ``bare`` also FAB's security
  manager and ``SQLA``, which ``AppBuilder.init_app`` would otherwise import
  lazily) and, for ``erp``, the host's own modules (``core`` and the modules
  ``create_app`` imports, which pull in the same FAB modules and Celery);
* ``create``: building the ready app - for ``erp`` that includes finding the
  addons and importing their code; for ``bare`` it includes defining the
  generated models and view classes, the counterpart of importing addon code;
* ``total`` = import + create.

The parent also notes each child's wall time (``process``: interpreter start-up
to exit), for information only.  Medians of ``--runs`` runs, erp and bare runs
interleaved, after one discarded warm-up run of each.

Target: erp/bare <= 1.3 for total start-up.  This is a measurement, not a test:
the script always exits 0.  Only the standard library and the project's own
dependencies are used.
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

_T_START = time.perf_counter()

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_ADDONS = os.path.join(REPO, "tests", "fixture_addons")
TARGET = 1.3
MARKER = "BENCH-RESULT "
PHASES = ("import", "create", "total")


# --------------------------------------------------------------------------- child
def _emit(result: dict) -> None:
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()


def _is_fab_class(view) -> bool:
    return type(view).__module__.startswith("flask_appbuilder")


def child_erp(addons_paths: list[str]) -> None:
    if REPO not in sys.path:
        sys.path.insert(0, REPO)
    t0 = time.perf_counter()
    import core
    # the modules create_app imports lazily: host code, not app building
    import core.cli  # noqa: F401
    import core.events  # noqa: F401
    import core.jobs  # noqa: F401
    import core.loader  # noqa: F401
    import core.security  # noqa: F401
    import core.views  # noqa: F401
    from flask_appbuilder.api import BaseApi
    t1 = time.perf_counter()
    scratch = tempfile.TemporaryDirectory(prefix="erp-bench-")
    instance = scratch.name
    app = core.create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "INSTANCE_DIR": instance,
        "STORAGE_DIR": os.path.join(instance, "files"),
        "CELERY_BROKER_URL": "sqla+sqlite:///" + os.path.join(instance, "broker.db"),
        "CELERY_RESULT_BACKEND": "db+sqlite:///" + os.path.join(instance, "results.db"),
        "ADDONS_PATHS": addons_paths,
    })
    t2 = time.perf_counter()
    baseviews = app.appbuilder.baseviews
    _emit({
        "import": t1 - t0,
        "create": t2 - t1,
        "baseviews": len(baseviews),
        "host_apis": sum(1 for v in baseviews
                         if isinstance(v, BaseApi) and not _is_fab_class(v)),
        "addons": sorted(app.extensions["erp_addons"]),
    })
    scratch.cleanup()


def child_bare(total: int, apis: int) -> None:
    """``total`` views beyond FAB's own, of which ``apis`` are REST APIs."""
    apis = min(max(apis, 0), total)
    views = total - apis
    t0 = time.perf_counter()
    from flask import Flask
    from flask_appbuilder import AppBuilder, Model, ModelRestApi, ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from flask_appbuilder.utils.legacy import get_sqla_class
    from flask_wtf.csrf import CSRFProtect
    from sqlalchemy import (Boolean, Column, Date, ForeignKey, Integer, Numeric,
                            String, Text)
    from sqlalchemy.orm import relationship
    # what AppBuilder.init_app would otherwise import lazily (the ERP's host
    # imports these at module level): framework loading belongs to "import"
    import flask_appbuilder.security.sqla.manager  # noqa: F401
    SQLA = get_sqla_class()  # imports flask_sqlalchemy
    t1 = time.perf_counter()

    app = Flask("bare_fab")
    app.config.update(
        SECRET_KEY="bench",
        TESTING=True,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
        FAB_UPDATE_PERMS=False,
        FAB_CREATE_DB=False,
        FAB_API_SWAGGER_UI=True,
        AUTH_TYPE=1,
        WTF_CSRF_ENABLED=True,
    )
    db = SQLA()
    csrf = CSRFProtect()

    # one throw-away model per view/API pair, each pointing at a shared parent
    class BenchParent(Model):
        __tablename__ = "bench_parent"
        id = Column(Integer, primary_key=True)
        name = Column(String(100), nullable=False, unique=True)

        def __repr__(self):
            return self.name

    models = []
    for i in range(max(1, views, apis)):
        models.append(type(f"BenchThing{i}", (Model,), {
            "__tablename__": f"bench_thing_{i}",
            "id": Column(Integer, primary_key=True),
            "code": Column(String(30), nullable=False, unique=True),
            "name": Column(String(200), nullable=False),
            "note": Column(Text),
            "amount": Column(Numeric(12, 2)),
            "due": Column(Date),
            "active": Column(Boolean, default=True),
            "parent_id": Column(Integer, ForeignKey("bench_parent.id")),
            "parent": relationship(BenchParent),
        }))
    columns = ["code", "name", "amount", "due", "active", "parent"]
    view_classes = [type(f"BenchThing{i}View", (ModelView,), {
        "datamodel": SQLAInterface(models[i % len(models)]),
        "list_columns": columns,
        "add_columns": columns + ["note"],
        "edit_columns": columns + ["note"],
        "show_columns": columns + ["note"],
        "search_columns": ["code", "name", "parent"],
    }) for i in range(views)]
    api_columns = ["id", "code", "name", "amount", "due", "active", "parent_id"]
    api_classes = [type(f"BenchThing{i}Api", (ModelRestApi,), {
        "resource_name": f"bench_thing_{i}",
        "datamodel": SQLAInterface(models[i % len(models)]),
        "list_columns": api_columns,
        "show_columns": api_columns,
        "add_columns": api_columns[1:],
        "edit_columns": api_columns[1:],
    }) for i in range(apis)]

    with app.app_context():
        db.init_app(app)
        csrf.init_app(app)  # before AppBuilder, as the ERP does
        appbuilder = AppBuilder()
        appbuilder.init_app(app, db.session)
        fab_own = len(appbuilder.baseviews)
        for i, cls in enumerate(view_classes):
            appbuilder.add_view(cls, f"Bench thing {i}", icon="fa-table",
                                category="Bench")
        for cls in api_classes:
            appbuilder.add_api(cls)
    t2 = time.perf_counter()
    _emit({
        "import": t1 - t0,
        "create": t2 - t1,
        "baseviews": len(appbuilder.baseviews),
        "fab_own": fab_own,
    })


# -------------------------------------------------------------------------- parent
def run_child(kind: str, *, total: int = 0, apis: int = 0, addons_paths=(),
              timeout: float = 60.0) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--child", kind,
               "--views", str(total)]
    if kind == "bare":
        command += ["--apis", str(apis)]
    for path in addons_paths:
        command += ["--addons-path", path]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    process = time.perf_counter() - started
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER):])
            result["total"] = result["import"] + result["create"]
            result["process"] = process
            return result
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
    return {"error": f"exit code {done.returncode}\n{tail}"}


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms"


def measure(args) -> None:
    print(f"Start-up benchmark: ERP app versus bare Flask-AppBuilder "
          f"({platform.python_implementation()} {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs)")

    addons_paths = []
    if not args.no_fixtures and os.path.isdir(FIXTURE_ADDONS):
        addons_paths = [FIXTURE_ADDONS]
    # probes, doubling as warm-up runs (byte-code compiled, files cached)
    erp_probe = run_child("erp", addons_paths=addons_paths, timeout=args.timeout)
    if "error" in erp_probe and addons_paths:
        print(f"! create_app with {os.path.relpath(FIXTURE_ADDONS, REPO)} failed, "
              f"measuring without it:\n  " + erp_probe["error"].replace("\n", "\n  "))
        addons_paths = []
        erp_probe = run_child("erp", timeout=args.timeout)
    if "error" in erp_probe:
        print("! the ERP app could not be created; nothing measured:\n  "
              + erp_probe["error"].replace("\n", "\n  "))
        return
    bare_probe = run_child("bare", timeout=args.timeout)
    if "error" in bare_probe:
        print("! the bare app could not be created; nothing measured:\n  "
              + bare_probe["error"].replace("\n", "\n  "))
        return
    extra = max(0, erp_probe["baseviews"] - bare_probe["fab_own"])
    apis = min(erp_probe["host_apis"], extra)
    views = extra - apis
    paths = ", ".join(os.path.relpath(p, REPO) for p in ["addons"] + addons_paths)
    print(f"addons loaded ({len(erp_probe['addons'])}, from {paths}): "
          + (", ".join(erp_probe["addons"]) or "none"))
    print(f"views: ERP {erp_probe['baseviews']} = FAB's own {bare_probe['fab_own']} "
          f"+ {extra} of its own ({views} views, {apis} APIs); "
          f"bare app gets {views} ModelViews + {apis} ModelRestApis")

    samples = {"erp": [], "bare": []}
    failures = {"erp": 0, "bare": 0}
    for _ in range(args.runs):
        for kind in ("erp", "bare"):
            if kind == "erp":
                result = run_child("erp", addons_paths=addons_paths, timeout=args.timeout)
            else:
                result = run_child("bare", total=extra, apis=apis, timeout=args.timeout)
            if "error" in result:
                failures[kind] += 1
                print(f"! a {kind} run failed: " + result["error"].splitlines()[0])
                continue
            if kind == "bare" and result["baseviews"] != erp_probe["baseviews"]:
                print(f"! bare app has {result['baseviews']} views, "
                      f"ERP {erp_probe['baseviews']}")
            samples[kind].append(result)
    if not samples["erp"] or not samples["bare"]:
        print("! not enough successful runs to compare")
        return

    med = {kind: {key: statistics.median(r[key] for r in runs)
                  for key in PHASES + ("process",)}
           for kind, runs in samples.items()}
    print()
    print(f"median of {len(samples['erp'])} erp / {len(samples['bare'])} bare runs, "
          "each in a fresh interpreter")
    print(f"{'':14}{'import':>11}{'create':>11}{'total':>11}{'process':>11}")
    for kind in ("erp", "bare"):
        print(f"{kind:14}" + "".join(f" {_fmt(med[kind][k])}"
                                     for k in PHASES + ("process",)))
    ratio = {k: med["erp"][k] / med["bare"][k] if med["bare"][k] else float("inf")
             for k in PHASES + ("process",)}
    print(f"{'erp/bare':14}" + "".join(f" {ratio[k]:9.2f}x" for k in PHASES + ("process",)))
    spread = {kind: (min(r["total"] for r in runs), max(r["total"] for r in runs))
              for kind, runs in samples.items()}
    print(f"total range: erp {_fmt(spread['erp'][0]).strip()}..{_fmt(spread['erp'][1]).strip()}, "
          f"bare {_fmt(spread['bare'][0]).strip()}..{_fmt(spread['bare'][1]).strip()}")
    print()
    print(f"ratio erp/bare: total {ratio['total']:.2f}x, create {ratio['create']:.2f}x "
          f"(import {ratio['import']:.2f}x)")
    verdict = "met" if ratio["total"] <= TARGET else "NOT met"
    print(f"target: total start-up <= {TARGET}x the bare app -> {verdict}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7,
                        help="measured runs of each app (default 7)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds one child may take (default 60)")
    parser.add_argument("--no-fixtures", action="store_true",
                        help="leave tests/fixture_addons out")
    parser.add_argument("--child", choices=("erp", "bare"), help=argparse.SUPPRESS)
    # bare child: this many views beyond FAB's own, --apis of them REST APIs
    parser.add_argument("--views", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--apis", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--addons-path", action="append", default=[],
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "erp":
        child_erp(args.addons_path)
        return 0
    if args.child == "bare":
        child_bare(args.views, args.views // 2 if args.apis is None else args.apis)
        return 0
    args.runs = max(1, args.runs)
    try:
        measure(args)
    except Exception as exc:  # a measurement: report, never fail
        print(f"! benchmark failed: {exc.__class__.__name__}: {exc}")
    print(f"(wall time {time.perf_counter() - _T_START:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
