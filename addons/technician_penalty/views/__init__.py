from .penalty_ledger import PenaltyLedgerView  # noqa: F401
from .penalty_record import PenaltyRecordView, PenaltyReviewView  # noqa: F401
from .penalty_rule import PenaltyRuleView  # noqa: F401
