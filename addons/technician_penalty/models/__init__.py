from .penalty_rule import PenaltyRule  # noqa: F401
from .penalty_record import PenaltyRecord  # noqa: F401
