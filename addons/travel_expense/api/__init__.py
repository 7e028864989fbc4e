from .expense_claim import ExpenseClaimApi  # noqa: F401
from .expense_line import ExpenseLineApi  # noqa: F401
