"""What a request presents to say who sends it."""
from __future__ import annotations

from flask import request


def sends_bearer_token() -> bool:
    """Whether the request carries ``Authorization: Bearer <token>``: an API client,
    which has no session and needs no CSRF token."""
    authorization = request.authorization
    return authorization is not None and authorization.type == "bearer" \
        and bool(authorization.token)
