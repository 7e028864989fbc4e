from flask import request
from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import Contract

TERMS = ["number", "title", "counterparty", "work_content", "technical_spec", "materials",
         "schedule", "duties", "amount", "currency", "start_date", "end_date",
         "payment_terms"]


class ContractApi(ErpModelRestApi):
    """Contracts of the caller's site (a dealer: those where the dealer is a party).
    Parties are given as ``party_dealer_ids`` (a list of dealer ids; ``party_dealers``
    is accepted too); the life cycle moves by ``POST /<id>/<action>``: negotiate,
    sign, execute, close, terminate (reason required)."""

    resource_name = "contract"
    datamodel = SQLAInterface(Contract)
    list_columns = ["id", "site_id", "number", "title", "counterparty", "amount", "currency",
                    "start_date", "end_date", "state", "signed_on", "version"]
    show_columns = list_columns + ["party_dealer_ids", "work_content", "technical_spec",
                                   "materials", "schedule", "duties", "payment_terms",
                                   "closed_at", "terminated_at", "termination_reason"]
    add_columns = edit_columns = TERMS + ["party_dealers"]
    order_columns = ["end_date", "id", "number", "state", "amount", "start_date"]
    search_columns = ["number", "title", "state", "end_date", "start_date", "currency"]

    @staticmethod
    def _parties_by_their_name():
        """``party_dealer_ids`` is the contract's name for the parties; FAB's schema
        reads the relationship (the same dict FAB reads next is edited)."""
        body = request.get_json(silent=True)
        if isinstance(body, dict) and "party_dealer_ids" in body:
            body["party_dealers"] = body.pop("party_dealer_ids")

    def post_headless(self):
        self._parties_by_their_name()
        return super().post_headless()

    def put_headless(self, pk):
        self._parties_by_their_name()
        return super().put_headless(pk)
