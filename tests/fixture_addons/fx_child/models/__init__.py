from .fx_echo import FxEcho  # noqa: F401
