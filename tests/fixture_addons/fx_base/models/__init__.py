from .fx_note import FxNote  # noqa: F401
from .fx_ticket import FxTicket  # noqa: F401
from .fx_attachment import FxAttachment  # noqa: F401
