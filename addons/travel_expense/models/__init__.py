from .expense_claim import ExpenseClaim  # noqa: F401
from .expense_line import ExpenseLine  # noqa: F401
