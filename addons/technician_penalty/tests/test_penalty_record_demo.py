"""The demo month: records at every step, from every source; loading is idempotent."""
from sqlalchemy import func, select

from addons.technician_penalty.demo import load
from addons.technician_penalty.models import PenaltyRecord
from addons.technician_penalty.models.penalty_record import SOURCE_KINDS, STATES
from core.extensions import db
from tests.fixtures import as_system

from .common import gz_id


def demo_counts(app):
    with as_system(app):
        return dict(db.session.execute(
            select(PenaltyRecord.state, func.count()).where(
                PenaltyRecord.source_ref.like("demo:technician_penalty:%"))
            .group_by(PenaltyRecord.state)).all())


def test_penalty_record_demo_has_every_state_and_source_and_loads_once(app):
    before = demo_counts(app)
    assert set(before) == set(STATES)
    with as_system(app):
        sources = set(db.session.execute(select(PenaltyRecord.source_kind).where(
            PenaltyRecord.source_ref.like("demo:technician_penalty:%"))).scalars())
    assert sources == set(SOURCE_KINDS)
    with as_system(app, gz_id(app)):
        load(site_id=gz_id(app))
        db.session.commit()
    assert demo_counts(app) == before
