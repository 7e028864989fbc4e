"""The scheduled jobs, run the way beat runs them (``core.jobs.run_scheduled``)."""
import datetime

from sqlalchemy import delete, select

from core import data
from core.extensions import db
from core.jobs import celery_app, run_scheduled

from tests.fixtures import as_system

from .. import jobs
from ..models import SixsChecklistItem, SixsWeeklySelection
from .helpers import make_site, month_times, set_setting, violations


def selections(app, site_id):
    with as_system(app, site_id):
        return db.session.execute(
            select(SixsWeeklySelection.week_start, SixsWeeklySelection.worst_person_id)
            .where(SixsWeeklySelection.site_id == site_id)).all()


def test_sixs_friday_proposal_comes_after_the_selection_time(app):
    site = make_site(app)
    violations(app, site.id, site.people[1], month_times(2025, 1, 1, start_day=7))
    # Friday 10 January 2025; 19:xx in Shanghai is 11:xx UTC: too early (20:00)
    with as_system(app):
        run_scheduled("inspection_6s", "propose_weekly", datetime.datetime(2025, 1, 10, 11, 30))
    assert selections(app, site.id) == []
    with as_system(app):
        outcome = run_scheduled("inspection_6s", "propose_weekly",
                                datetime.datetime(2025, 1, 10, 12, 5))
        again = run_scheduled("inspection_6s", "propose_weekly",
                              datetime.datetime(2025, 1, 10, 12, 40))
    assert outcome[site.code] == "done" and again[site.code] == "skipped"
    assert selections(app, site.id) == [(datetime.date(2025, 1, 6), site.people[1])]
    with as_system(app, site.id):  # a later hour of the weekend: still one
        jobs.propose_weekly(site_id=site.id, period="2025-01-11T09")
        db.session.commit()
    assert len(selections(app, site.id)) == 1


def test_sixs_friday_proposal_leaves_a_closed_month_alone(app):
    """Closed early (a long weekend), the month takes no new proposal, and the hourly
    job goes on without failing for the site."""
    site = make_site(app)
    violations(app, site.id, site.people[1], month_times(2024, 5, 1, start_day=6))
    with as_system(app, site.id):
        jobs.close_month(site_id=site.id, period="2024-06")
        db.session.commit()
    # Friday 31 May 2024, 20:05 in Shanghai
    with as_system(app):
        outcome = run_scheduled("inspection_6s", "propose_weekly",
                                datetime.datetime(2024, 5, 31, 12, 5))
    assert outcome[site.code] == "done"
    assert selections(app, site.id) == []


def test_sixs_selection_time_is_a_site_setting(app):
    site = make_site(app)
    set_setting(app, site.id, "selection_time", "08:00")
    with as_system(app, site.id):
        jobs.propose_weekly(site_id=site.id, period="2025-01-17T07")
        assert selections(app, site.id) == []
        jobs.propose_weekly(site_id=site.id, period="2025-01-17T08")
        db.session.commit()
    assert [row[0] for row in selections(app, site.id)] == [datetime.date(2025, 1, 13)]


def test_sixs_cleanup_day_and_time_are_site_settings(app):
    from core import clock
    from ..models.sixs_violation import last_cleanup

    site = make_site(app)
    set_setting(app, site.id, "cleanup_weekday", "thursday")
    set_setting(app, site.id, "cleanup_time", "17:30")
    with as_system(app, site.id):
        zone = clock.site_zone(site.id)
        moment = last_cleanup(site.id, datetime.datetime(2025, 1, 10, 0, 0), zone)
    assert moment == datetime.datetime(2025, 1, 9, 9, 30)  # Thursday 17:30 in Shanghai


def test_sixs_upgrade_completes_the_checklist_of_a_site_enabled_before(app):
    """A site that enabled the addon before its checklist was shipped gets it from
    ``erp db upgrade`` (``core.data.load_enabled``), once."""
    site = make_site(app)
    with as_system(app, site.id):
        db.session.execute(delete(SixsChecklistItem.__table__).where(
            SixsChecklistItem.__table__.c.site_id == site.id))
        data.load_enabled()
        data.load_enabled()
        db.session.commit()
        codes = db.session.execute(select(SixsChecklistItem.code).where(
            SixsChecklistItem.site_id == site.id)).scalars().all()
    assert len(codes) == len(set(codes)) == 132


def test_sixs_beat_knows_the_monthly_close(app):
    celery = celery_app(app)
    assert "inspection_6s.close_month" in celery.conf.beat_schedule
    manifest = app.extensions["erp_addons"]["inspection_6s"].manifest
    close = next(s for s in manifest["schedules"] if s["name"] == "close_month")
    assert close["period"] == "month"
