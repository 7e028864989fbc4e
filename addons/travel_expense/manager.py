from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import ExpenseClaimApi, ExpenseLineApi
from .views import ExpenseApprovalView, ExpenseClaimView, ExpenseFinanceView, ExpenseLineView

CATEGORY = "Expenses"


class AddonManager(BaseManager):
    def register_views(self):
        appbuilder = self.appbuilder
        appbuilder.add_view(ExpenseClaimView, "Travel-expense claims",
                            label=_l("Travel-expense claims"), icon="fa-suitcase",
                            category=CATEGORY, category_label=_l("Travel expenses"),
                            category_icon="fa-money")
        appbuilder.add_view(ExpenseApprovalView, "Claims awaiting the manager",
                            label=_l("Claims awaiting the manager"), icon="fa-inbox",
                            category=CATEGORY)
        appbuilder.add_view(ExpenseFinanceView, "Claims awaiting finance",
                            label=_l("Claims awaiting finance"), icon="fa-calculator",
                            category=CATEGORY)
        appbuilder.add_view_no_menu(ExpenseLineView)
        appbuilder.add_api(ExpenseClaimApi)
        appbuilder.add_api(ExpenseLineApi)
