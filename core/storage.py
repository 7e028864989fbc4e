"""File storage behind an interface; a local folder by default."""


def init_app(app) -> None:
    """Filled in by the storage work of the security issue."""
