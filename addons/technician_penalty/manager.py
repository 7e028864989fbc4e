from flask_babel import lazy_gettext as _l

from core.loader import BaseAddonManager, Menu

from .api import PenaltyLedgerApi, PenaltyRecordApi, PenaltyRuleApi
from .views import PenaltyLedgerView, PenaltyRecordView, PenaltyReviewView, PenaltyRuleView


class AddonManager(BaseAddonManager):
    menu = Menu("Penalties", "fa-balance-scale", label=_l("Penalties and rewards"), entries=(
        (PenaltyRecordView, "fa-gavel"),
        (PenaltyReviewView, "fa-inbox"),
        (PenaltyLedgerView, "fa-book"),
        (PenaltyRuleView, "fa-list"),
    ))
    apis = (PenaltyRuleApi, PenaltyRecordApi, PenaltyLedgerApi)
