from .fx_entry_page import FxEntryPage  # noqa: F401
