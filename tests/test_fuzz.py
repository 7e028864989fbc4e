"""The REST API fuzzed from its own OpenAPI spec: no request answers 5xx.

schemathesis runs every phase (examples, coverage, fuzzing, stateful) against a
real server — werkzeug on an ephemeral port, in a thread of this process, on a
fresh demo database — as the system admin, a service manager and a dealer, each on
the operations their role may call.  A fixed seed and an example budget keep the
run bounded.  FAB's spec has no OpenAPI links; the test adds them (a created or
listed row's id leads to that row's operations), so the stateful phase chains
create, read, update, transitions and delete.  Any 5xx fails the test, which prints
schemathesis's report (each failure with the curl command that reproduces it) and
the server's tracebacks.

schemathesis lives in ``.venv-fuzz``, a venv of its own made by ``make
fuzz-install`` from tests/fuzz-requirements.txt, so that its pins never change the
product's dependencies; without it the test is skipped, saying so.

It runs in the SQLite pass of ``make test`` only: its fresh database is a file of
its own there, while on PostgreSQL it would need a second database next to the
session's; and the PostgreSQL pass already carries the slow real-worker and
migration suites, so the two passes stay close to each other in time.
"""
from __future__ import annotations

import copy
import json
import logging
import os
import subprocess
import threading
import traceback

import pytest
from flask import has_request_context, request
from werkzeug.serving import WSGIRequestHandler, make_server

from core.context import system_context

from .fixtures import api_token

PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMATHESIS = os.path.join(PROJECT_DIR, ".venv-fuzz", "bin", "schemathesis")
# the users the API is fuzzed as, and their passwords; the system admin last, as it
# may switch addons off for the others
FUZZED_AS = [("dealer-a", "demo"), ("gz-manager", "demo"), ("admin", "admin")]
SEED = 16
# test cases per operation and phase: 2 cores, a few minutes for the three users
MAX_EXAMPLES = 5
PHASES = "examples,coverage,fuzzing,stateful"
# The coverage phase tries some 120 boundary values of ``q`` on every list and
# ``_info``: that code (FAB's Rison, the host's checks) is the same whoever asks, so
# it is covered as the system admin only; the other users get the other phases there.
LISTS_COVERED_ONCE = """
[[operations]]
include-method = "GET"
include-path-regex = "/(_info)?$"
phases.coverage.enabled = false
"""

pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("ERP_TEST_DATABASE_URL")),
                       reason="the fuzzer runs in the SQLite pass of make test"),
    pytest.mark.skipif(not os.path.exists(SCHEMATHESIS),
                       reason="schemathesis is not installed: run `make fuzz-install`"),
]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture(scope="module")
def fuzz_server(app_config, tmp_path_factory):
    """A real server on a fresh demo database; yields its base URL and the list of
    tracebacks of the requests that failed on it."""
    from core import create_app, migrate
    from core.demo import load

    folder = str(tmp_path_factory.mktemp("fuzz"))
    app = create_app(dict(
        app_config, TESTING=False,
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(folder, "erp.db"),
        CELERY_BROKER_URL="sqla+sqlite:///" + os.path.join(folder, "broker.db"),
        CELERY_RESULT_BACKEND="db+sqlite:///" + os.path.join(folder, "results.db"),
        INSTANCE_DIR=folder, STORAGE_DIR=os.path.join(folder, "files"),
        # the product's own addons: the fixture addons are not part of its API
        ADDONS_PATHS=[], ADDONS_ENTRY_POINTS=False))
    with app.app_context(), system_context(None):
        migrate.upgrade(app)
        load(app)
    # Flask logs an unhandled exception, FAB's @safe a caught one: both with exc_info
    errors = ErrorsLogged()
    logging.getLogger().addHandler(errors)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", errors.tracebacks
    server.shutdown()
    thread.join(30)
    logging.getLogger().removeHandler(errors)


class ErrorsLogged(logging.Handler):
    """The tracebacks of the errors logged while the server runs."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.tracebacks = []

    def emit(self, record):
        if record.exc_info:
            where = ""
            if has_request_context():
                where = f"{request.method} {request.full_path}\n"
            self.tracebacks.append(where + "".join(traceback.format_exception(*record.exc_info)))


def with_links(spec: dict) -> dict:
    """The spec with OpenAPI links FAB does not write: a created row's ``id`` and a
    list's first id lead to that resource's row operations (read, update, delete,
    transitions, files), so the stateful phase chains them."""
    paths = spec["paths"]
    for path, operations in paths.items():
        if not (path.startswith("/api/v1/") and path.endswith("/")):
            continue
        row_paths = [other for other in paths if other.startswith(path + "{pk}")]
        links = {}
        for row_path in row_paths:
            for method in paths[row_path]:
                pointer = row_path.replace("~", "~0").replace("/", "~1")
                links[f"{method}{row_path[len(path) - 1:]}"] = {
                    "operationRef": f"#/paths/{pointer}/{method}", "parameters": {}}
        for method, status, id_at in (("post", "201", "/id"), ("get", "200", "/ids/0")):
            response = operations.get(method, {}).get("responses", {}).get(status)
            if response is None or not links:
                continue
            response["links"] = {
                name: {**link, "parameters": {"pk": f"$response.body#{id_at}"}}
                for name, link in links.items()}
    return spec


def operations_for(client, token, spec) -> dict:
    """A copy of the spec cut to the operations the user's role may call: the others
    answer 403 before they read any input (the role matrix checks that answer)."""
    spec = copy.deepcopy(spec)
    kept = {}
    headers = {"Authorization": f"Bearer {token}"}
    for path, operations in spec["paths"].items():
        url = path.replace("{pk}", "2000000000").replace("{version}", "v1")
        url = url.replace("{action}", "no_such_action")
        for method in [m for m in operations if m in ("get", "post", "put", "delete")]:
            response = client.open(url, method=method.upper(), headers=headers, json=[])
            if response.status_code != 403:
                kept.setdefault(path, {})[method] = operations[method]
    return dict(spec, paths=kept)


def run_schemathesis(spec_path, base_url, token, report_path,
                     lists_covered: bool) -> subprocess.CompletedProcess:
    config_path = report_path + ".toml"
    with open(config_path, "w") as handle:
        handle.write("" if lists_covered else LISTS_COVERED_ONCE)
    return subprocess.run(
        [SCHEMATHESIS, "--config-file", config_path, "run", spec_path, "--url", base_url,
         "--header", f"Authorization: Bearer {token}",
         "--checks", "not_a_server_error", "--phases", PHASES,
         "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES),
         "--generation-database", "none", "--workers", "2", "--no-color",
         "--suppress-health-check", "all", "--request-timeout", "60",
         "--report", "ndjson", "--report-ndjson-path", report_path],
        # in the test's folder: whatever schemathesis keeps stays out of the project
        cwd=os.path.dirname(report_path), capture_output=True, text=True, timeout=3600)


def operations_by_outcome(report_path) -> dict[str, set[str]]:
    """"METHOD path" of the operations of the ndjson report by outcome: ``failure``
    (a check failed: the server answered 5xx) or ``error`` (schemathesis itself could
    not test it, e.g. CPython 3.11's "AST constructor recursion depth mismatch"
    inside hypothesis)."""
    outcomes = {"failure": set(), "error": set()}
    with open(report_path) as report:
        for line in report:
            finished = json.loads(line).get("ScenarioFinished")
            if finished and finished.get("status") in outcomes:
                outcomes[finished["status"]].add(
                    finished.get("recorder", {}).get("label", "?"))
    return outcomes


def test_fuzzing_the_api_finds_no_server_error(fuzz_server, tmp_path):
    app, base_url, tracebacks = fuzz_server
    client = app.test_client()
    tokens = {username: api_token(client, username, password)["Authorization"][7:]
              for username, password in FUZZED_AS}
    answer = client.get("/api/v1/_openapi",
                        headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert answer.status_code == 200
    spec = answer.json
    reports, untested = [], []
    for username, _password in FUZZED_AS:
        spec_path = str(tmp_path / f"{username}.openapi.json")
        with open(spec_path, "w") as handle:
            json.dump(with_links(operations_for(client, tokens[username], spec)), handle)
        report_path = str(tmp_path / f"{username}.ndjson")
        result = run_schemathesis(spec_path, base_url, tokens[username], report_path,
                                  lists_covered=username == "admin")
        if result.returncode == 0:
            continue
        outcomes = operations_by_outcome(report_path)
        if outcomes["failure"] or not outcomes["error"]:
            reports.append(f"=== as {username}: schemathesis exited {result.returncode}, "
                           f"failing {sorted(outcomes['failure'])}\n"
                           + result.stdout[-20000:] + result.stderr[-5000:])
        untested += [f"{username}: {operation}" for operation in sorted(outcomes["error"])]
    if reports:
        raise AssertionError("\n".join(reports) + "\n=== the server's tracebacks\n"
                             + "\n".join(tracebacks[:20]))
    if untested:  # said, not failed: no answer of the server is wrong
        print("schemathesis could not test (an error of its own): " + ", ".join(untested))
