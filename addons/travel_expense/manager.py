from flask_babel import lazy_gettext as _l

from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import ExpenseClaimApi, ExpenseLineApi
from .views import ExpenseApprovalView, ExpenseClaimView, ExpenseFinanceView, ExpenseLineView


class AddonManager(BaseAddonManager):
    menu = Menu("Expenses", "fa-money", label=_l("Travel expenses"), entries=(
        (ExpenseClaimView, N_("Travel-expense claims"), "fa-suitcase"),
        (ExpenseApprovalView, N_("Claims awaiting the manager"), "fa-inbox"),
        (ExpenseFinanceView, N_("Claims awaiting finance"), "fa-calculator"),
    ))
    views_without_menu = (ExpenseLineView,)
    apis = (ExpenseClaimApi, ExpenseLineApi)
