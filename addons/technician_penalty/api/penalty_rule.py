from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import PenaltyRule

RULE_COLUMNS = ["code", "name", "name_zh", "reference", "sanction", "amount", "quantity",
                "variable_amount", "active", "note"]


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
