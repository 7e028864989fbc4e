"""The demo: contracts in every state on hq and gz, documents with versions,
payments, a change and a claim; dealers as parties on gz."""
from sqlalchemy import func, select

from core.extensions import db
from tests.fixtures import api_token, as_system

from ..models import (Contract, ContractChange, ContractClaim, ContractDocument,
                      ContractPayment)
from ..models.contract import STATES
from .common import dealer_id, site_id


def test_demo_has_contracts_in_every_state_on_both_sites(app):
    for code in ("hq", "gz"):
        site = site_id(app, code)
        with as_system(app, site):
            states = set(db.session.execute(select(Contract.state).where(
                Contract.site_id == site, Contract.number.like("HT-%"))).scalars())
            assert states == set(STATES), code
            versions = db.session.execute(select(func.max(ContractDocument.latest_version))
                                          .where(ContractDocument.site_id == site)).scalar()
            assert versions >= 2
            for model in (ContractPayment, ContractChange, ContractClaim):
                assert db.session.execute(select(func.count()).select_from(model).where(
                    model.site_id == site)).scalar() > 0


def test_demo_dealers_see_their_contracts_only(client, app):
    a, b = dealer_id(app, "dealer-a"), dealer_id(app, "dealer-b")
    for username, mine in (("dealer-a", a), ("dealer-b", b)):
        rows = client.get("/api/v1/contract/?q=(page_size:100)",
                          headers=api_token(client, username)).json["result"]
        assert rows
        with as_system(app):
            for row in rows:
                assert mine in db.session.get(Contract, row["id"]).party_dealer_ids
