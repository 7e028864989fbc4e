"""Scheduled jobs: once per (job, site, period), skipped where the addon is off,
and run by a real Celery worker."""
import datetime
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from core import sites
from core.extensions import db
from core.jobs import celery_app, period_key, run_scheduled

from .fixtures import FIXTURE_SITE, as_system

LATE_NOVEMBER = datetime.datetime(2026, 11, 30, 17, 0)  # UTC


def gz_stamps(app, period):
    """The stamps the job left on site gz; another site enabling fx_base (a fixture
    site of an addon's tests) has its own."""
    from fx_base.models import FxNote

    with as_system(app):
        return db.session.execute(select(FxNote.id).filter_by(
            text=f"stamp {period}", site_id=sites.get_site("gz").id)).scalars().all()


def test_period_is_counted_in_the_site_time_zone():
    # 17:00 UTC on 30 November is already 1 December in Shanghai
    assert period_key(LATE_NOVEMBER, "Asia/Shanghai", "day") == "2026-12-01"
    assert period_key(LATE_NOVEMBER, "Asia/Shanghai", "month") == "2026-12"
    assert period_key(LATE_NOVEMBER, "UTC", "month") == "2026-11"
    assert period_key(LATE_NOVEMBER, "Asia/Shanghai", "week") == "2026-W49"


def test_job_fired_twice_in_a_period_does_the_work_once(app):
    moment = datetime.datetime(2026, 3, 2, 1, 0)
    with as_system(app):
        first = run_scheduled("fx_base", "stamp_notes", moment)
        second = run_scheduled("fx_base", "stamp_notes", moment + datetime.timedelta(hours=3))
    assert first["gz"] == "done"
    assert "hq" not in first  # hq does not enable fx_base: skipped entirely
    assert second["gz"] == "skipped"
    assert len(gz_stamps(app, "2026-03-02")) == 1
    with as_system(app):
        next_day = run_scheduled("fx_base", "stamp_notes", moment + datetime.timedelta(days=1))
    assert next_day["gz"] == "done"


def test_beat_schedule_comes_from_the_manifest(app):
    celery = celery_app(app)
    entry = celery.conf.beat_schedule["fx_base.stamp_notes"]
    assert entry == {"task": "fx_base.stamp_notes", "schedule": 60.0}
    assert celery.tasks["fx_base.stamp_notes"].time_limit == 30


@pytest.fixture
def worker(app, app_config):
    """A real Celery worker process on the test broker and database."""
    env = dict(os.environ,
               ERP_DATABASE_URL=app_config["SQLALCHEMY_DATABASE_URI"],
               ERP_BROKER_URL=app_config["CELERY_BROKER_URL"],
               ERP_RESULT_BACKEND=app_config["CELERY_RESULT_BACKEND"],
               ERP_ADDONS_PATHS=app_config["ADDONS_PATHS"][0],
               ERP_INSTANCE_DIR=app_config["INSTANCE_DIR"],
               PYTHONPATH=os.pathsep.join([FIXTURE_SITE, os.environ.get("PYTHONPATH", "")]))
    log_path = os.path.join(app_config["INSTANCE_DIR"], "worker.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "core.cli", "worker", "--concurrency=2"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_real_worker_runs_a_job_once_however_often_it_is_sent(app, worker):
    celery = celery_app(app)
    now = "2026-04-07T02:00:00"
    results = [celery.send_task("fx_base.stamp_notes", kwargs={"now_iso": now})
               for _ in range(3)]
    outcomes = sorted(result.get(timeout=120)["gz"] for result in results)
    assert outcomes == ["done", "skipped", "skipped"]
    assert len(gz_stamps(app, "2026-04-07")) == 1
    assert worker.poll() is None
