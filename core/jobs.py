"""Celery bound to the Flask app, and scheduled jobs declared by addons.

A manifest declares its jobs as data::

    "schedules": [{"name": "escalate_sla", "function": "jobs:escalate_sla",
                   "every": 300, "period": "hour", "time_limit": 60}]

``function`` defaults to ``jobs:<name>`` and ``every`` to an hour (core.addons fills
them in).  The host registers the Celery task ``<addon>.<name>`` and a beat entry firing it
every ``every`` seconds.  Each run visits every site that enables the addon and does
the work once per (job, site, period): a ``job_run`` row, inserted in the same
transaction as the work, makes a second firing in the same period (two beats, a
retry) a no-op.  The function is called as ``function(site_id=…, period=…)``.
"""
from __future__ import annotations

import datetime
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.clock import period_key
from core.context import system_context
from core.extensions import db
from core.loader import addon_function
from core.models import JobRun, Site, utcnow
from core.sites import enabled_addons

log = logging.getLogger(__name__)


def _function(addon, schedule):
    return addon_function(addon, schedule["function"])


def run_scheduled(addon_name: str, job_name: str, now: datetime.datetime | None = None) -> dict:
    """Run one scheduled job for every site enabling its addon; returns site -> outcome.

    Must run inside an app context.  Outcomes: ``done``, ``skipped`` (already done
    this period), ``failed``.
    """
    from flask import current_app

    addon = current_app.extensions["erp_addons"][addon_name]
    schedule = next(s for s in addon.get("schedules") if s["name"] == job_name)
    function = _function(addon, schedule)
    now = now or utcnow()
    job = f"{addon_name}.{job_name}"
    outcomes = {}
    with system_context(None):
        due = [(site.id, site.code, site.timezone)
               for site in db.session.execute(select(Site).order_by(Site.id)).scalars()
               if addon_name in enabled_addons(site.id)]
    for site_id, site_code, timezone in due:
        with system_context(site_id):
            outcomes[site_code] = _run_for_site(job, function, site_id, timezone,
                                                schedule["period"], now)
    if "failed" in outcomes.values():
        raise JobFailed(f"{job}: {outcomes}")
    return outcomes


def _run_for_site(job, function, site_id, timezone, period_name, now) -> str:
    period = period_key(now, timezone, period_name)
    try:
        db.session.add(JobRun(job=job, site_id=site_id, period=period))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return "skipped"
    try:
        function(site_id=site_id, period=period)
        db.session.commit()
        return "done"
    except Exception:
        db.session.rollback()
        log.exception("job %s failed for site %s period %s", job, site_id, period)
        return "failed"


class JobFailed(RuntimeError):
    """Some site's run of a job failed; the others were kept."""


def init_app(app, ordered_addons) -> None:
    """Check every declared job's function now (fail at start-up, not at 3 a.m.);
    the Celery app is made by ``celery_app`` when a worker, the beat or a command
    first asks for it: a web process never does, and does not import Celery."""
    for addon in ordered_addons:
        for schedule in addon.get("schedules") or []:
            _function(addon, schedule)
    app.extensions["erp_job_addons"] = list(ordered_addons)


def celery_app(app):
    """The Celery app bound to ``app``, with a task and a beat entry per job."""
    if "celery" not in app.extensions:
        app.extensions["celery"] = _make_celery(app, app.extensions["erp_job_addons"])
    return app.extensions["celery"]


def _make_celery(app, ordered_addons):
    from celery import Celery, Task

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        result_backend=app.config["CELERY_RESULT_BACKEND"],
        broker_connection_retry_on_startup=True,
        task_acks_late=True,
        broker_transport_options=app.config["CELERY_BROKER_TRANSPORT_OPTIONS"],
        timezone="UTC",
        beat_schedule={},
    )
    for addon in ordered_addons:
        for schedule in addon.get("schedules") or []:
            name = f"{addon.name}.{schedule['name']}"

            def task(now_iso=None, _addon=addon.name, _job=schedule["name"]):
                now = datetime.datetime.fromisoformat(now_iso) if now_iso else None
                return run_scheduled(_addon, _job, now)

            # shared=False: a shared task would be added to every Celery app made
            # later in this process, bound to this Flask app (two apps in tests)
            celery.task(name=name, shared=False, time_limit=schedule.get(
                "time_limit", app.config["JOB_DEFAULT_TIME_LIMIT"]))(task)
            celery.conf.beat_schedule[name] = {"task": name,
                                               "schedule": float(schedule["every"])}
    celery.set_default()
    return celery
