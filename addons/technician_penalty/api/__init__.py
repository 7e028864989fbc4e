from .penalty_ledger import PenaltyLedgerApi  # noqa: F401
from .penalty_record import PenaltyRecordApi  # noqa: F401
from .penalty_rule import PenaltyRuleApi  # noqa: F401
