"""``erp demo load``: the contract's sites, dealers and users, idempotently."""
from sqlalchemy import func, select

from core import sites
from core.extensions import db
from core.models import Dealer, ErpUser, Site

from .fixtures import api_token, as_system

DEMO_USERS = ["admin", "gz-admin", "gz-manager", "gz-qa", "gz-hr", "gz-finance",
              "gz-tech1", "gz-tech2", "dealer-a", "dealer-b", "hq-manager"]


def counts(app):
    with as_system(app):
        return [db.session.scalar(select(func.count()).select_from(model))
                for model in (Site, Dealer, ErpUser)]


def test_demo_load_is_idempotent(app, runner):
    before = counts(app)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert counts(app) == before


def test_demo_users_belong_to_their_site_and_dealer(app):
    with as_system(app):
        users = {u.username: u for u in db.session.query(ErpUser).all()}
        assert set(DEMO_USERS) <= set(users)
        assert users["admin"].site_id is None
        assert users["dealer-a"].dealer.code == "dealer-a"
        assert users["dealer-b"].dealer.site.code == "gz"
        assert users["hq-manager"].site.code == "hq"
        assert users["gz-tech1"].site.code == "gz" and users["gz-tech1"].dealer_id is None


def test_demo_users_can_log_in(client):
    api_token(client, "admin", "admin")
    for username in DEMO_USERS[1:]:
        api_token(client, username, "demo")


def test_addon_demo_hook_runs_for_sites_that_enable_it(app):
    from fx_base.models import FxNote

    from core.demo import load

    with as_system(app):
        gz = sites.get_site("gz")
        # fx_base was enabled on gz after the first load; load again to run the hook
        load(app)
        db.session.commit()
        notes = db.session.query(FxNote).filter_by(text="demo note").all()
        assert [note.site_id for note in notes] == [gz.id]
