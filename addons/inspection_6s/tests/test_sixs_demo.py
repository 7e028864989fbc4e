"""The demo data: a populated site, loaded once however often the hook runs."""
from sqlalchemy import func, select

from core import clock, sites
from core.extensions import db
from core.models import utcnow

from tests.fixtures import api_token, as_system

from .. import demo
from ..models import (SixsChecklistItem, SixsInspection, SixsTeamMember, SixsViolation,
                      SixsWeeklySelection)
from ..scoring import compute_monthly

MODELS = (SixsChecklistItem, SixsInspection, SixsViolation, SixsWeeklySelection,
          SixsTeamMember)


def counts(site_id):
    return [db.session.scalar(select(func.count()).select_from(model)
                              .where(model.site_id == site_id)) for model in MODELS]


def test_sixs_demo_is_populated_and_idempotent(app):
    with as_system(app):
        gz = sites.get_site("gz").id
    with as_system(app, gz):
        before = counts(gz)
        demo.load(site_id=gz)
        db.session.commit()
        assert counts(gz) == before
        assert all(before)
        states = set(db.session.execute(select(SixsWeeklySelection.state).where(
            SixsWeeklySelection.site_id == gz)).scalars())
        assert "confirmed" in states
        assert set(db.session.execute(select(SixsChecklistItem.state).where(
            SixsChecklistItem.site_id == gz)).scalars()) == {"active", "retired"}
        zone = clock.site_zone(gz)
        last_month = clock.previous_month(
            clock.month_of(clock.local_date(utcnow(), zone)))
        rows = {row["username"]: row for row in compute_monthly(gz, last_month)}
    # domain.md's worked example, and the Friday reward and penalty
    assert (rows["gz-tech1"]["points"], rows["gz-tech1"]["deduction_yuan"]) == (33, "66.00")
    assert rows["gz-tech1"]["penalty_yuan"] == "100.00"
    assert rows["gz-tech2"]["reward_yuan"] == "100.00"


def test_sixs_demo_users_see_their_6s_data(app, client):
    manager = api_token(client, "gz-manager")
    assert client.get("/api/v1/sixs_violation/", headers=manager).json["count"] > 10
    tech = api_token(client, "gz-tech1")
    listed = client.get("/api/v1/sixs_violation/?q=(page_size:100)", headers=tech).json
    assert listed["count"] > 0
    with as_system(app):
        persons = set(db.session.execute(select(SixsViolation.person_id).where(
            SixsViolation.id.in_(listed["ids"]))).scalars())
    assert len(persons) == 1
