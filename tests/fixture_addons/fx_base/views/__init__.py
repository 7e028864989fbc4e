from .fx_note import FxNoteView  # noqa: F401
from .fx_ticket import FxTicketView  # noqa: F401
