"""Per-site enablement of installed addons.

*Installed* means the code is here and its tables are migrated (per deployment);
*enabled* means a ``site_addon`` row says so (per site).  Every process keeps the
rows it read under the access stamp (``core.access_stamp``) that a change to them
moves, so a change is seen by all web and worker processes at their next request
without a restart.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from core import access_stamp
from core import addons as addon_catalog
from core import data
from core.extensions import db
from core.models import Site, SiteAddon


class SiteError(Exception):
    """A refused change; ``status`` is what the API answers."""

    status = 422

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def installed() -> dict:
    """name -> Addon of every addon loaded into this app."""
    return current_app.extensions["erp_addons"]


def get_site(code: str) -> Site:
    site = db.session.execute(select(Site).filter_by(code=code)).scalar_one_or_none()
    if site is None:
        raise SiteError(_("Unknown site '%(code)s'.", code=code), status=404)
    return site


def create_site(code: str, name: str, timezone: str | None = None) -> Site:
    if db.session.execute(select(Site).filter_by(code=code)).scalar_one_or_none():
        raise SiteError(_("Site '%(code)s' exists already.", code=code), status=409)
    site = Site(code=code, name=name,
                timezone=timezone or current_app.config["DEFAULT_SITE_TIMEZONE"])
    db.session.add(site)
    db.session.flush()
    return site


def enabled_addons(site_id: int | None) -> frozenset:
    """Names of the addons enabled for ``site_id`` (None: a system admin, all).

    Kept per process under the access stamp read with the request's user
    (``core.access_stamp.cached``).
    """
    if site_id is None:
        return frozenset(installed())
    return access_stamp.cached(("addons", site_id), lambda: _read_enabled(site_id))


def _read_enabled(site_id: int) -> frozenset:
    names = db.session.execute(
        select(SiteAddon.addon).where(SiteAddon.site_id == site_id,
                                      SiteAddon.enabled.is_(True))).scalars()
    return frozenset(name for name in names if name in installed())


def _known(name: str) -> None:
    if name not in installed():
        raise SiteError(_("Unknown addon '%(name)s': it is not installed.", name=name),
                        status=404)


def _switch(site: Site, name: str, enabled: bool, user: str | None) -> None:
    row = db.session.execute(
        select(SiteAddon).filter_by(site_id=site.id, addon=name)
    ).scalar_one_or_none()
    if row is None:
        row = SiteAddon(site_id=site.id, addon=name, enabled=enabled, changed_by=user)
        db.session.add(row)
    elif row.enabled != enabled:
        row.enabled = enabled
        row.changed_by = user
    access_stamp.forget()


def enable(site: Site, name: str, user: str | None = None) -> list[str]:
    """Enable ``name`` and what it depends on; returns the names newly enabled.
    Each newly enabled addon's default data (manifest ``data``) is loaded into the
    site in the same transaction (``core.data``)."""
    _known(name)
    wanted = addon_catalog.closure([name], installed())
    already = enabled_addons(site.id)
    added = [each for each in wanted if each not in already]
    for each in added:
        _switch(site, each, True, user)
        data.load(each, site.id)
    db.session.flush()
    return added


def disable(site: Site, name: str, user: str | None = None) -> None:
    """Disable ``name``; refused while an enabled addon depends on it.  No data is
    deleted: enabling it again shows the same rows."""
    _known(name)
    active = enabled_addons(site.id)
    blockers = [other for other in addon_catalog.dependents(name, installed())
                if other in active]
    if blockers:
        raise SiteError(
            _("Cannot disable %(addon)s on site %(site)s: %(others)s depends on it.",
              addon=name, site=site.code, others=", ".join(blockers)),
            status=409,
        )
    _switch(site, name, False, user)
    db.session.flush()


def addon_status(site: Site) -> list[dict]:
    """Every installed addon with its dependencies and whether ``site`` enables it."""
    active = enabled_addons(site.id)
    return [
        {"name": addon.name, "version": addon.version, "summary": addon.summary,
         "depends": list(addon.depends), "enabled": addon.name in active}
        for addon in addon_catalog.order(installed())
    ]
