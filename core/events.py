"""Cross-addon events: an addon emits, addons enabled on the same site listen.

Listeners are declared as data in the manifest::

    "events": {"inspection_6s.month_closed": "listeners:on_sixs_month_closed"}

``emit`` calls each listener synchronously, inside the emitter's transaction, so an
event and what it causes commit or roll back together.  A listener whose addon is
disabled on the event's site is not called: for that site the addon does not exist.
"""
from __future__ import annotations

import importlib
from collections import defaultdict

from flask import current_app

from core.sites import enabled_addons


def init_app(app, ordered_addons) -> None:
    listeners = defaultdict(list)
    for addon in ordered_addons:
        for event, target in (addon.get("events") or {}).items():
            module_name, _, function_name = target.partition(":")
            module = importlib.import_module(f"{addon.module}.{module_name}")
            listeners[event].append((addon.name, getattr(module, function_name)))
    app.extensions["erp_event_listeners"] = dict(listeners)


def emit(event: str, site_id: int, **payload) -> int:
    """Deliver ``event`` to the listeners enabled on ``site_id``; returns how many."""
    delivered = 0
    active = enabled_addons(site_id)
    for addon, listener in current_app.extensions["erp_event_listeners"].get(event, []):
        if addon in active:
            listener(site_id=site_id, **payload)
            delivered += 1
    return delivered
