"""The home page: each person's work, in panels, with charts drawn on the page.

The host names no addon.  An addon contributes panels through its manifest, the
extension point ``home_panels``: a list of

    {"name": "open_requests",                 # unique within the addon
     "function": "home:open_requests",        # module:function (default home:<name>)
     "view": "ServiceRequestView",            # the permission behind the panel:
     "permission": "can_add"}                 #   has_access(permission, view)

A panel is shown only when its addon is enabled on the user's site and the user
has that permission (``has_access`` checks both).  The function is called with no
arguments inside the request — the user's scope applies to its queries — and
returns a :class:`Panel`, or None to show nothing.  Panels appear in the order of
the addons (dependencies first), then of the list.  Host panels (the system admin's
sites and addons) come first.

Charts are inline SVG drawn by ``erp/home.html`` from a panel's ``bars``: no script,
no CDN, so the page works offline.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_appbuilder import IndexView, expose
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from core import sites
from core.addons import AddonError
from core.extensions import db
from core.models import Site, SiteAddon
from core.scope import current_scope
from core.workflow import N_

#: the site title (config APP_NAME) is translated where it is shown
#: (core/templates/appbuilder/base.html, navbar.html); marked here for extraction
SITE_TITLE = N_("After-Sales Service ERP")
PANEL_KEYS = {"name": str, "function": str, "view": str, "permission": str}


@dataclass
class Bar:
    """One bar of a panel's chart; ``alert`` draws it in the warning colour."""

    label: str
    value: int | float
    url: str | None = None
    alert: bool = False


@dataclass
class Panel:
    """What a panel shows: a chart (``bars``), a table (``columns`` and ``rows``,
    each row a list of cells; a cell is text or ``(text, url)``), or both.
    ``alert_rows`` are indexes of rows to highlight; ``link`` is ``(label, url)``
    to the full list."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    alert_rows: set[int] = field(default_factory=set)
    link: tuple[str, str] | None = None
    empty: str = ""
    note: str = ""

    @property
    def bar_max(self):
        return max([bar.value for bar in self.bars] + [1])


@dataclass
class PanelSpec:
    addon: str | None
    name: str
    function: object
    view: str
    permission: str


def _check(addon, spec) -> list[str]:
    if not isinstance(spec, dict):
        return ["each home panel must be a dict"]
    problems = [f"home panel {spec.get('name', '?')}: '{key}' must be {kind.__name__}"
                for key, kind in PANEL_KEYS.items() if not isinstance(spec.get(key), kind)]
    problems += [f"home panel {spec.get('name', '?')}: unknown key '{key}'"
                 for key in sorted(set(spec) - set(PANEL_KEYS))]
    return problems


def load_panels(addons) -> list[PanelSpec]:
    """The panels the addons declare, their functions imported; a fault names the
    addon and its manifest."""
    panels = list(HOST_PANELS)
    for addon in addons:
        declared = addon.get("home_panels") or []
        problems = [problem for spec in declared for problem in _check(addon, spec)]
        if problems:
            raise AddonError(f"addon '{addon.name}': bad manifest {addon.manifest_file}: "
                             + "; ".join(problems))
        for spec in declared:
            module_name, _sep, function_name = spec["function"].partition(":")
            try:
                module = importlib.import_module(f"{addon.module}.{module_name}")
                function = getattr(module, function_name)
            except (ImportError, AttributeError) as error:
                raise AddonError(f"addon '{addon.name}': home panel {spec['name']}: "
                                 f"{spec['function']} cannot be imported ({error}) "
                                 f"({addon.manifest_file})") from error
            panels.append(PanelSpec(addon.name, spec["name"], function, spec["view"],
                                    spec["permission"]))
    return panels


def init_app(app, addons) -> None:
    app.extensions["erp_home_panels"] = load_panels(addons)


def acting_site_id() -> int | None:
    """The site whose work a panel shows; None for a system admin (all sites), whose
    home shows the sites instead of one site's queues."""
    scope = current_scope()
    return None if scope is None else scope.site_id


def acting_owner_id() -> int | None:
    """The user whose own records a panel shows (a technician: ``OWN_RECORDS_ROLES``);
    None for everyone else, so that "my" panels show only to those it speaks of."""
    scope = current_scope()
    return None if scope is None else scope.owner_id


def visible_panels() -> list[Panel]:
    """The panels of the signed-in user, each one's function run once."""
    security = current_app.appbuilder.sm
    shown = []
    for spec in current_app.extensions.get("erp_home_panels", []):
        if not security.has_access(spec.permission, spec.view):
            continue
        panel = spec.function()
        if panel is not None:
            shown.append(panel)
    return shown


class HomeView(IndexView):
    """FAB's index, with the user's panels instead of an empty "Welcome"."""

    index_template = "erp/home.html"

    @expose("/")
    def index(self):
        self.update_redirect()
        panels = visible_panels() if current_user.is_authenticated else []
        return self.render_template(self.index_template, appbuilder=self.appbuilder,
                                    panels=panels)


# --- the host's own panel ------------------------------------------------------------

def sites_and_addons() -> Panel:
    """The system admin's: every site, with its addons enabled, out of those installed."""
    installed = sites.installed()
    enabled = {}
    for site_id, addon in db.session.execute(
            select(SiteAddon.site_id, SiteAddon.addon).where(SiteAddon.enabled.is_(True))
            .order_by(SiteAddon.addon)):
        if addon in installed:
            enabled.setdefault(site_id, []).append(addon)
    rows, bars = [], []
    link = url_for("SiteAddonView.index")
    for site in db.session.execute(select(Site).order_by(Site.code)).scalars():
        names = enabled.get(site.id, [])
        codes = Markup(", ").join(Markup("<code>%s</code>") % name for name in names)
        rows.append([(site.code, link), site.name, site.timezone, codes or "—"])
        bars.append(Bar(site.code, len(names), link))
    return Panel(title=_("Sites and their addons"),
                 columns=[_("Site"), _("Name"), _("Time zone"), _("Addons enabled")],
                 rows=rows, bars=bars,
                 note=_("%(count)s addons installed.", count=len(installed)),
                 link=(_("Addons per site"), link), empty=_("No site yet."))


HOST_PANELS = [PanelSpec(None, "sites_and_addons", sites_and_addons, "SiteAddonView",
                         "can_index")]
