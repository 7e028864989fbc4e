"""Jobs under faults: a real Celery worker (Redis broker, PostgreSQL) is killed with
SIGKILL in the middle of the SLA sweep and of the 6S month close, then restarted.
Each job has then run exactly once per (job, site, period) — one ``job_run`` row
(core/jobs.py) — and its work is there exactly once: nothing half-done from the
killed run, nothing twice from the run after it.

"In the middle" is made certain, not hoped for: the test holds a SHARE lock on the
table the job writes last (notifications, penalty records), waits until the
worker's transaction is blocked on it — after it has written its ``job_run`` row
and part of its work — and kills the worker's whole process group there.

The killed job's message was never acknowledged (``task_acks_late``): the restarted
worker gets it again once the broker's visibility timeout has passed (short here,
through ``CELERY_BROKER_TRANSPORT_OPTIONS``), and the beat's next firings of the same
period are sent on top.  Every wait is on a condition with a generous bound; no
assertion is about time.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from core import sites
from core.extensions import db
from core.jobs import celery_app, period_key
from core.models import ErpUser, JobRun, Site, utcnow

from .fixtures import FIXTURE_SITE, as_system

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.broker,
    pytest.mark.skipif(not (os.environ.get("ERP_TEST_DATABASE_URL")
                            and os.environ.get("ERP_TEST_BROKER_URL", "").startswith("redis")),
                       reason="needs ERP_TEST_DATABASE_URL (PostgreSQL) and "
                              "ERP_TEST_BROKER_URL (Redis)"),
]

# a bound on every wait, far above what any step needs: a stuck step fails the test
# instead of hanging it, and no step is asserted to be fast
PATIENCE = 300
# seconds an unacknowledged job waits before the broker hands it out again
VISIBILITY_TIMEOUT = 5


def wait_for(condition, what: str):
    deadline = time.monotonic() + PATIENCE
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {PATIENCE} s")
        time.sleep(0.2)


class Workers:
    """Real ``erp worker`` processes on the test broker and database, each in a
    process group of its own so that a kill takes its pool children with it."""

    def __init__(self, app_config, folder):
        overrides = os.path.join(folder, "worker_config.py")
        with open(overrides, "w") as handle:
            # the unacknowledged are looked for every second, not every 100 s
            handle.write("CELERY_BROKER_TRANSPORT_OPTIONS = {"
                         f"'visibility_timeout': {VISIBILITY_TIMEOUT}, "
                         "'unacked_restore_interval': 1, 'unacked_restore_throttle': 1}\n")
        self.env = dict(os.environ,
                        ERP_DATABASE_URL=app_config["SQLALCHEMY_DATABASE_URI"],
                        ERP_BROKER_URL=app_config["CELERY_BROKER_URL"],
                        ERP_RESULT_BACKEND=app_config["CELERY_RESULT_BACKEND"],
                        ERP_ADDONS_PATHS=app_config["ADDONS_PATHS"][0],
                        ERP_INSTANCE_DIR=app_config["INSTANCE_DIR"],
                        ERP_CONFIG=overrides,
                        PYTHONPATH=os.pathsep.join([FIXTURE_SITE,
                                                    os.environ.get("PYTHONPATH", "")]))
        self.folder = folder
        self.processes = []

    def start(self) -> subprocess.Popen:
        log_path = os.path.join(self.folder, f"worker{len(self.processes)}.log")
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "core.cli", "worker", "--concurrency=1"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def workers(app, app_config, tmp_path):
    celery = celery_app(app)
    celery.control.purge()  # no message left over from another test runs here
    control = Workers(app_config, str(tmp_path))
    yield control
    control.stop_all()


@pytest.fixture
def engine(app_config):
    engine = create_engine(app_config["SQLALCHEMY_DATABASE_URI"])
    yield engine
    engine.dispose()


@contextlib.contextmanager
def table_locked(engine, table: str):
    """Hold a SHARE lock on ``table``: readers pass, a writer waits until release."""
    with engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(text(f'LOCK TABLE "{table}" IN SHARE MODE'))
        try:
            yield
        finally:
            transaction.rollback()


def writers_waiting(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = :table AND NOT l.granted"), {"table": table}).scalar()


def writers_holding(engine, table: str) -> int:
    """Write locks on ``table`` (a killed client's backend keeps its until PostgreSQL
    notices the client is gone and rolls its transaction back)."""
    with engine.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = :table AND l.mode = 'RowExclusiveLock'"),
            {"table": table}).scalar()


def job_runs(app, job: str, now_iso: str, period_name: str) -> dict[int, int]:
    """site id -> number of job_run rows of (job, site, the site's period of now)."""
    now = datetime.datetime.fromisoformat(now_iso)
    with as_system(app):
        runs = {}
        for site in db.session.execute(select(Site)).scalars():
            count = db.session.scalar(select(func.count()).select_from(JobRun).where(
                JobRun.job == job, JobRun.site_id == site.id,
                JobRun.period == period_key(now, site.timezone, period_name)))
            if count:
                runs[site.id] = count
        return runs


def due_sites(app, addon: str) -> set[int]:
    with as_system(app):
        return {site.id for site in db.session.execute(select(Site)).scalars()
                if addon in sites.enabled_addons(site.id)}


def kill_in_the_middle(app, engine, workers, task: str, now_iso: str, table: str):
    """Send ``task``, let a worker block on ``table`` inside the job's transaction,
    and kill the worker there."""
    celery = celery_app(app)
    with table_locked(engine, table):
        worker = workers.start()
        celery.send_task(task, kwargs={"now_iso": now_iso})
        wait_for(lambda: writers_waiting(engine, table), f"{task} to write {table}")
        Workers.kill(worker)
    wait_for(lambda: not writers_holding(engine, table),
             "PostgreSQL to roll back the killed worker's transaction")


def run_again_until_done(app, workers, task: str, now_iso: str, period_name: str,
                         addon: str) -> dict:
    """Restart the worker: the killed job comes back by itself; then the beat's next
    two firings in the same period.  Returns site id -> job_run rows."""
    celery = celery_app(app)
    workers.start()
    sites_due = due_sites(app, addon)
    wait_for(lambda: set(job_runs(app, task, now_iso, period_name)) >= sites_due,
             f"the killed {task} to run again after the restart")
    fired = [celery.send_task(task, kwargs={"now_iso": now_iso}) for _ in range(2)]
    outcomes = [result.get(timeout=PATIENCE) for result in fired]
    assert all(set(outcome.values()) == {"skipped"} for outcome in outcomes), outcomes
    return job_runs(app, task, now_iso, period_name)


# --- the SLA sweep ------------------------------------------------------------------

def overdue_requests(app, count: int) -> list[int]:
    """gz requests received 25 hours ago and never answered: past the 24-hour SLA."""
    from addons.service_policy.models import Customer, ServiceRequest

    with as_system(app):
        gz = sites.get_site("gz").id
    with as_system(app, gz):
        customer = db.session.execute(select(Customer).order_by(Customer.id)).scalars().first()
        made = []
        for number in range(count):
            request = ServiceRequest(
                site_id=gz, customer=customer, category="quality", severity="general",
                description=f"fault test {number}",
                received_at=utcnow() - datetime.timedelta(hours=25))
            db.session.add(request)
            db.session.flush()
            made.append(request.id)
        db.session.commit()
        return made


def service_managers_of_gz(app) -> int:
    with as_system(app):
        gz = sites.get_site("gz").id
        return sum(1 for user in db.session.execute(
            select(ErpUser).where(ErpUser.site_id == gz, ErpUser.active.is_(True))).scalars()
            if any(role.name == "Service Manager" for role in user.roles))


def escalation_counts(app, request_ids) -> dict[int, tuple[int, int, int, bool]]:
    """request id -> (escalations, notifications, distinct users notified, breached)."""
    from addons.service_policy.models import (ServiceEscalation, ServiceNotification,
                                              ServiceRequest)

    with as_system(app):
        counts = {}
        for request_id in request_ids:
            escalations = db.session.scalar(select(func.count()).select_from(
                ServiceEscalation).where(ServiceEscalation.request_id == request_id))
            notified = db.session.execute(select(ServiceNotification.user_id).where(
                ServiceNotification.request_id == request_id)).scalars().all()
            breached = db.session.get(ServiceRequest, request_id).sla_breached_at
            counts[request_id] = (escalations, len(notified), len(set(notified)),
                                  breached is not None)
        return counts


def test_sla_sweep_killed_mid_run_escalates_each_request_once(app, engine, workers):
    job, now_iso = "service_policy.escalate_sla", "2026-11-30T08:00:00"
    requests = overdue_requests(app, 3)
    managers = service_managers_of_gz(app)
    assert managers >= 1  # gz-manager: someone must be notified for the lock to bite
    with as_system(app):
        gz = sites.get_site("gz").id
    assert gz not in job_runs(app, job, now_iso, "minute")
    kill_in_the_middle(app, engine, workers, job, now_iso, "service_notification")
    # the killed run wrote its job_run row and escalations, uncommitted: all gone
    assert gz not in job_runs(app, job, now_iso, "minute")
    assert set(escalation_counts(app, requests).values()) == {(0, 0, 0, False)}

    runs = run_again_until_done(app, workers, job, now_iso, "minute", "service_policy")
    assert runs == {site_id: 1 for site_id in due_sites(app, "service_policy")}
    # the 24-hour rule: each breached request escalated once, each manager told once
    assert escalation_counts(app, requests) == {
        request_id: (1, managers, managers, True) for request_id in requests}


# --- the 6S month close -------------------------------------------------------------

def sixs_site_with_violations(app):
    """A site of its own with the 6S and penalties addons, and two technicians with
    violations in January 2025 (a month no other test or demo row falls in): 3 and 1."""
    from addons.inspection_6s.tests.helpers import make_site, month_times, violations

    site = make_site(app, people=2)
    with as_system(app):
        sites.enable(db.session.get(Site, site.id), "technician_penalty")
        db.session.commit()
    first, second = site.people
    violations(app, site.id, first, month_times(2025, 1, 3))
    violations(app, site.id, second, month_times(2025, 1, 1))
    return site


def closes_and_records(app, site_id):
    from addons.inspection_6s.models import SixsMonthClose
    from addons.technician_penalty.models import PenaltyRecord

    with as_system(app, site_id):
        closes = [(row.month, row.events) for row in db.session.execute(
            select(SixsMonthClose).where(SixsMonthClose.site_id == site_id)).scalars()]
        records = sorted((row.technician_id, row.rule.code, str(row.amount), row.source_ref)
                         for row in db.session.execute(select(PenaltyRecord).where(
                             PenaltyRecord.site_id == site_id)).scalars())
        return closes, records


def test_sixs_month_close_killed_mid_run_closes_the_month_once(app, engine, workers):
    job, now_iso = "inspection_6s.close_month", "2025-02-10T04:00:00"  # closes January
    site = sixs_site_with_violations(app)
    assert site.id not in job_runs(app, job, now_iso, "month")
    kill_in_the_middle(app, engine, workers, job, now_iso, "penalty_record")
    assert site.id not in job_runs(app, job, now_iso, "month")
    assert closes_and_records(app, site.id) == ([], [])

    runs = run_again_until_done(app, workers, job, now_iso, "month", "inspection_6s")
    assert runs == {site_id: 1 for site_id in due_sites(app, "inspection_6s")}
    first, second = site.people
    # [004 制度3 十二]: 2 points per violation below the 5th, 2.00 yuan per point:
    # 3 violations = 6 points = 12.00 yuan, 1 violation = 2 points = 4.00 yuan
    assert closes_and_records(app, site.id) == ([("2025-01", 2)], sorted([
        (first, "P-6S-MONTH", "12.00", f"inspection_6s:2025-01:{first}#deduction"),
        (second, "P-6S-MONTH", "4.00", f"inspection_6s:2025-01:{second}#deduction"),
    ]))
