from .fx_note import FxNote  # noqa: F401
