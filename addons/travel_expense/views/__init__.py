import os

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


from .expense_claim import (ExpenseApprovalView, ExpenseClaimView,  # noqa: E402,F401
                            ExpenseFinanceView)
from .expense_line import ExpenseLineView  # noqa: E402,F401
