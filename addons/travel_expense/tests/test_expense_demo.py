"""The demo month: claims in every state, with flagged lines, an override, a duplicate
invoice found fraudulent (one P-FRAUD proposal); loading again adds nothing."""
from sqlalchemy import func, select

from addons.travel_expense.demo import CLAIMS, load
from addons.travel_expense.models import ExpenseClaim, ExpenseLine
from addons.travel_expense.vocab import STATES
from core import sites
from core.extensions import db
from tests.fixtures import as_system

from .common import penalty_records

PURPOSES = [purpose for _key, _who, _where, _days, purpose, _lines, _steps in CLAIMS]


def demo_states(app):
    with as_system(app):
        return dict(db.session.execute(
            select(ExpenseClaim.state, func.count()).where(
                ExpenseClaim.purpose.in_(PURPOSES)).group_by(ExpenseClaim.state)).all())


def test_expense_demo_has_every_state_and_flag_and_loads_once(app):
    before = demo_states(app)
    assert set(before) == set(STATES)
    with as_system(app):
        claims = db.session.execute(select(ExpenseClaim).where(
            ExpenseClaim.purpose.in_(PURPOSES))).scalars().all()
        codes = {flag["code"] for claim in claims for line in claim.lines
                 for flag in line.flags or []}
        assert codes == {"date_outside_trip", "city_mismatch", "duplicate_invoice",
                         "over_daily_limit", "missing_receipt"}
        fraud = [claim for claim in claims if claim.fraud]
        overridden = db.session.execute(select(ExpenseLine).where(
            ExpenseLine.override_reason.isnot(None),
            ExpenseLine.claim_id.in_([claim.id for claim in claims]))).scalars().all()
        assert len(fraud) == 1 and len(overridden) == 1 and overridden[0].reimbursable
        assert {claim.organisation for claim in claims} == {"sales_branch", "manufacturer"}
        gz = sites.get_site("gz").id
    assert len(penalty_records(app, fraud[0].id)) == 1
    with as_system(app, gz):
        load(site_id=gz)
        db.session.commit()
    assert demo_states(app) == before
