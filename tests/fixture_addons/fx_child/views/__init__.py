from .fx_child_page import FxChildPage  # noqa: F401
