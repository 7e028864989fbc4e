from flask_babel import lazy_gettext as _l

from core.loader import BaseAddonManager, Menu

from .api import ExpenseClaimApi, ExpenseLineApi
from .views import ExpenseApprovalView, ExpenseClaimView, ExpenseFinanceView, ExpenseLineView


class AddonManager(BaseAddonManager):
    menu = Menu("Expenses", "fa-money", label=_l("Travel expenses"), entries=(
        (ExpenseClaimView, "fa-suitcase"),
        (ExpenseApprovalView, "fa-inbox"),
        (ExpenseFinanceView, "fa-calculator"),
    ))
    views_without_menu = (ExpenseLineView,)
    apis = (ExpenseClaimApi, ExpenseLineApi)
