from .fx_attachment import FxAttachmentApi  # noqa: F401
from .fx_note import FxNoteApi  # noqa: F401
from .fx_ticket import FxTicketApi  # noqa: F401
