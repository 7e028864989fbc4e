from flask_babel import lazy_gettext as _l

from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import PenaltyLedgerApi, PenaltyRecordApi, PenaltyRuleApi
from .views import PenaltyLedgerView, PenaltyRecordView, PenaltyReviewView, PenaltyRuleView


class AddonManager(BaseAddonManager):
    menu = Menu("Penalties", "fa-balance-scale", label=_l("Penalties and rewards"), entries=(
        (PenaltyRecordView, N_("Penalty records"), "fa-gavel"),
        (PenaltyReviewView, N_("HR review queue"), "fa-inbox"),
        (PenaltyLedgerView, N_("Penalty ledger"), "fa-book"),
        (PenaltyRuleView, N_("Penalty rules"), "fa-list"),
    ))
    apis = (PenaltyRuleApi, PenaltyRecordApi, PenaltyLedgerApi)
