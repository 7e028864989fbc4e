import os

from flask_babel import gettext as _

from core.workflow import InvalidInput

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")


def as_sentence(error: InvalidInput) -> ValueError:
    """The per-field messages as one sentence for a flash: FAB's forms show
    ``str(exception)`` of what ``pre_add``/``pre_update`` raise."""
    messages = [message for field in error.messages.values() for message in field]
    return ValueError(" ".join(messages) or _("The input is not valid."))


from .penalty_ledger import PenaltyLedgerView  # noqa: E402,F401
from .penalty_record import PenaltyRecordView, PenaltyReviewView  # noqa: E402,F401
from .penalty_rule import PenaltyRuleView  # noqa: E402,F401
