"""HTTP hardening of the whole app (headers, login, redirects, errors)."""


def init_app(app) -> None:
    """Filled in by the hardening work of the security issue."""
