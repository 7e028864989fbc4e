"""Per-site settings with defaults declared by addons.

A manifest declares its settings and their defaults as data::

    "settings": {
        "points_per_violation": 2,          # int
        "yuan_per_point": "2.00",           # money: a string, read as Decimal
        "cleanup_weekday": "friday",        # str
        "escalate": True,                   # bool
    }

Each is known as ``<addon>.<key>``.  A site that stores no value gets the default,
so a site follows its own policy without code changes.  Values are checked against
the default's type (money strings must parse as Decimal) and refused with a
translated message otherwise.
"""
from __future__ import annotations

import decimal

from flask import current_app, g, has_request_context
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import JSON, Column, Integer, String, UniqueConstraint, event, select

from core.context import current_system_context
from core.extensions import db
from core.mixins import SiteScoped
from core.numbers import whole_number


class SiteSetting(SiteScoped, Model):
    __tablename__ = "site_setting"
    __table_args__ = (UniqueConstraint("site_id", "key"),)
    id = Column(Integer, primary_key=True)
    key = Column(String(120), nullable=False)
    value = Column(JSON, nullable=False)


class SettingError(ValueError):
    """An unknown key or a value of the wrong kind (HTTP 422)."""

    status = 422


# the host's own settings, known as ``core.<key>``
HOST_SETTINGS = {
    # how far ahead of the server's clock a reported time may be (core.happened)
    "core.clock_skew_minutes": 5,
}


def declared() -> dict:
    """``<addon>.<key>`` -> default, for every loaded addon (and the host's)."""
    defaults = dict(HOST_SETTINGS)
    for addon in current_app.extensions["erp_addons"].values():
        for key, default in (addon.get("settings") or {}).items():
            defaults[f"{addon.name}.{key}"] = default
    return defaults


def _is_money(default) -> bool:
    if not isinstance(default, str):
        return False
    try:
        decimal.Decimal(default)
    except decimal.InvalidOperation:
        return False
    return True


def coerce(key: str, value):
    """``value`` checked and converted to the kind of ``key``'s default."""
    defaults = declared()
    if not isinstance(key, str) or key not in defaults:
        raise SettingError(_("There is no setting %(key)s.", key=key))
    default = defaults[key]
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and whole_number(value.strip()) is not None:
            return whole_number(value.strip())
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif _is_money(default):
        try:
            return str(decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01")))
        except (decimal.InvalidOperation, ValueError):
            pass
    elif isinstance(default, str):
        if isinstance(value, str) and value.strip():
            return value.strip()
    elif isinstance(default, list):
        if isinstance(value, list):
            return value
    raise SettingError(_("%(value)s is not a valid value for %(key)s.", value=value, key=key))


def get(site_id: int, key: str):
    """The site's value of ``key``, or its default; money comes back as Decimal."""
    defaults = declared()
    if key not in defaults:
        raise SettingError(_("There is no setting %(key)s.", key=key))
    stored = _stored(site_id).get(key)
    value = defaults[key] if stored is None else stored
    return decimal.Decimal(value) if _is_money(defaults[key]) else value


def _stored(site_id: int) -> dict:
    """The site's stored values; read once per request (a report page asks dozens of
    times), afresh for every call elsewhere and in a system context, whose scope is
    not the request's."""
    def read():
        return dict(db.session.execute(select(SiteSetting.key, SiteSetting.value).where(
            SiteSetting.site_id == site_id)).all())

    if not has_request_context() or current_system_context() is not None:
        return read()
    cache = g.setdefault("_erp_settings", {})
    if site_id not in cache:
        cache[site_id] = read()
    return cache[site_id]


@event.listens_for(SiteSetting, "after_insert")
@event.listens_for(SiteSetting, "after_update")
@event.listens_for(SiteSetting, "after_delete")
def _forget_cached(mapper, connection, row) -> None:
    if has_request_context():
        g.pop("_erp_settings", None)


def set(site_id: int, key: str, value) -> None:  # noqa: A001 - the verb is the API
    value = coerce(key, value)
    row = db.session.execute(
        select(SiteSetting).where(SiteSetting.site_id == site_id, SiteSetting.key == key)
    ).scalar_one_or_none()
    if row is None:
        db.session.add(SiteSetting(site_id=site_id, key=key, value=value))
    else:
        row.value = value
    db.session.flush()


def all_for(site_id: int) -> list[dict]:
    """Every declared setting with the site's value and whether it is the default."""
    stored = dict(db.session.execute(
        select(SiteSetting.key, SiteSetting.value).where(SiteSetting.site_id == site_id)
    ).all())
    return [{"key": key, "default": default, "value": stored.get(key, default),
             "is_default": key not in stored}
            for key, default in sorted(declared().items())]
