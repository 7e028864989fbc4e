from .expense_claim import (ExpenseApprovalView, ExpenseClaimView,  # noqa: F401
                            ExpenseFinanceView)
from .expense_line import ExpenseLineView  # noqa: F401
