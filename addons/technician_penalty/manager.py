from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import PenaltyLedgerApi, PenaltyRecordApi, PenaltyRuleApi
from .views import PenaltyLedgerView, PenaltyRecordView, PenaltyReviewView, PenaltyRuleView

CATEGORY = "Penalties"


class AddonManager(BaseManager):
    def register_views(self):
        appbuilder = self.appbuilder
        appbuilder.add_view(PenaltyRecordView, "Penalty records", label=_l("Penalty records"),
                            icon="fa-gavel", category=CATEGORY,
                            category_label=_l("Penalties and rewards"),
                            category_icon="fa-balance-scale")
        appbuilder.add_view(PenaltyReviewView, "HR review queue",
                            label=_l("HR review queue"), icon="fa-inbox", category=CATEGORY)
        appbuilder.add_view(PenaltyLedgerView, "Penalty ledger", label=_l("Penalty ledger"),
                            icon="fa-book", category=CATEGORY)
        appbuilder.add_view(PenaltyRuleView, "Penalty rules", label=_l("Penalty rules"),
                            icon="fa-list", category=CATEGORY)
        appbuilder.add_api(PenaltyRuleApi)
        appbuilder.add_api(PenaltyRecordApi)
        appbuilder.add_api(PenaltyLedgerApi)
