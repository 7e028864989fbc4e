"""Per-site settings with their types and defaults declared by addons.

A manifest declares each setting's type and default as data, once::

    "settings": {
        "points_per_violation": {"type": "int", "default": 2, "min": 0},
        "yuan_per_point": {"type": "money", "default": "2.00"},  # read as Decimal
        "cleanup_weekday": {"type": "weekday", "default": "friday"},
        "cleanup_time": {"type": "time", "default": "18:00"},  # read as datetime.time
        "escalate": {"type": "bool", "default": True},
        "scored_roles": {"type": "list", "default": ["Technician"]},
    }

Each is known as ``<addon>.<key>``.  A site that stores no value gets the default,
so a site follows its own policy without code changes.  Values are checked against
the declared type and bounds (``core.setting_types``) and refused with a translated
message otherwise, so the code reading a setting takes it as it comes.
"""
from __future__ import annotations

from flask import current_app, g, has_request_context
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import JSON, Column, Integer, String, event, select

from core.context import current_system_context
from core.extensions import db
from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.setting_types import BadValue, as_read, checked


class SiteSetting(SiteScoped, Model):
    __tablename__ = "site_setting"
    __table_args__ = (unique_in_site("key", listed="asc"),)
    id = Column(Integer, primary_key=True)
    key = Column(String(120), nullable=False)
    value = Column(JSON, nullable=False)


class SettingError(ValueError):
    """An unknown key or a value of the wrong kind (HTTP 422)."""

    status = 422


# the host's own settings, known as ``core.<key>``
HOST_SETTINGS = {
    # how far ahead of the server's clock a reported time may be (core.happened)
    "core.clock_skew_minutes": {"type": "int", "default": 5, "min": 0},
}


def declared() -> dict:
    """``<addon>.<key>`` -> ``{"type": …, "default": …}``, for every loaded addon
    (and the host's own, ``core.<key>``)."""
    specs = dict(HOST_SETTINGS)
    for addon in current_app.extensions["erp_addons"].values():
        for key, spec in (addon.get("settings") or {}).items():
            specs[f"{addon.name}.{key}"] = spec
    return specs


def _spec(key) -> dict:
    spec = declared().get(key) if isinstance(key, str) else None
    if spec is None:
        raise SettingError(_("There is no setting %(key)s.", key=key))
    return spec


def coerce(key: str, value):
    """``value`` checked and converted to the declared type of ``key``."""
    try:
        return checked(_spec(key), value)
    except BadValue as error:
        raise SettingError(_("%(value)s is not a valid value for %(key)s.", value=value,
                             key=key) + " " + str(error)) from None


def get(site_id: int, key: str):
    """The site's value of ``key``, or its default; money comes back as a Decimal, a
    time as a ``datetime.time``."""
    spec = _spec(key)
    value = _stored(site_id).get(key)
    return as_read(spec, spec["default"] if value is None else value)


def default(key: str):
    """The declared default of ``key``, read as ``get`` reads a value."""
    spec = _spec(key)
    return as_read(spec, spec["default"])


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
    stored = _stored(site_id)
    return [{"key": key, "default": spec["default"],
             "value": stored.get(key, spec["default"]), "is_default": key not in stored}
            for key, spec in sorted(declared().items())]
