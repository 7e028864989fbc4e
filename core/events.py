"""Cross-addon events: an addon emits, addons enabled on the same site listen.

Listeners are declared as data in the manifest::

    "events": {"parts_catalogue.part_listed": "listeners:on_part_listed"}

``emit`` calls each listener synchronously, inside the emitter's transaction, so an
event and what it causes commit or roll back together.  A listener whose addon is
disabled on the event's site is not called: for that site the addon does not exist.
"""
from __future__ import annotations

from flask import current_app

from core.loader import declared_functions
from core.sites import enabled_addons


def init_app(app, ordered_addons) -> None:
    app.extensions["erp_event_listeners"] = declared_functions(ordered_addons, "events")


def emit(event: str, site_id: int, **payload) -> int:
    """Deliver ``event`` to the listeners enabled on ``site_id``; returns how many."""
    delivered = 0
    active = enabled_addons(site_id)
    for addon, listener in current_app.extensions["erp_event_listeners"].get(event, []):
        if addon in active:
            listener(site_id=site_id, **payload)
            delivered += 1
    return delivered
