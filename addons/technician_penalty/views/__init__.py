import os

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


from .penalty_ledger import PenaltyLedgerView  # noqa: E402,F401
from .penalty_record import PenaltyRecordView, PenaltyReviewView  # noqa: E402,F401
from .penalty_rule import PenaltyRuleView  # noqa: E402,F401
