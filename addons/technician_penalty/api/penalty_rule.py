from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.exc import IntegrityError

from core.base import ErpModelRestApi
from core.extensions import db
from core.scope import current_scope

from ..catalogue import ensure_rules
from ..models import PenaltyRule

RULE_COLUMNS = ["code", "name", "name_zh", "reference", "sanction", "amount", "quantity",
                "variable_amount", "active", "note"]


def seed_for_caller() -> None:
    """First use of the catalogue on the caller's site: seed the default rules."""
    scope = current_scope()
    if scope is None or scope.site_id is None:
        return
    try:
        if ensure_rules(scope.site_id):
            db.session.commit()
    except IntegrityError:  # another request seeded it at the same moment
        db.session.rollback()


class PenaltyRuleApi(ErpModelRestApi):
    """The site's catalogue of penalties and rewards.  Rules are retired
    (``PUT {"active": false}``), never deleted, so their records keep their history."""

    resource_name = "penalty_rule"
    datamodel = SQLAInterface(PenaltyRule)
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = ["id", "site_id"] + RULE_COLUMNS
    add_columns = RULE_COLUMNS
    edit_columns = [column for column in RULE_COLUMNS if column != "code"]
    order_columns = ["code", "sanction", "amount", "active"]
    base_order = ("code", "asc")

    def get_list_headless(self, **kwargs):
        seed_for_caller()
        return super().get_list_headless(**kwargs)

    def pre_add(self, item):
        item.check()

    def pre_update(self, item):
        item.check()
