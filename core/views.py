"""The host's own pages and REST resources: sites, dealers, per-site addons."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import sites
from core.base import ErpModelRestApi, ErpModelView, ErpPage, page_endpoint, report_endpoint
from core.extensions import db
from core import settings as site_settings
from core.audit import AuditLog
from core.loader import Menu, add_menu
from core.models import Dealer, Site, SiteAddon
from core.scope import current_scope
from core.workflow import N_

ADMIN_CATEGORY = "Administration"


class SiteModelView(ErpModelView):
    datamodel = SQLAInterface(Site)
    titles = (N_("Sites"), N_("Site"), N_("Add a site"), N_("Edit a site"))
    list_columns = ["code", "name", "timezone"]
    add_columns = edit_columns = show_columns = ["code", "name", "timezone"]
    label_columns = {"code": _l("Code"), "name": _l("Name"), "timezone": _l("Time zone")}


class DealerModelView(ErpModelView):
    datamodel = SQLAInterface(Dealer)
    titles = (N_("Dealers"), N_("Dealer"), N_("Add a dealer"), N_("Edit a dealer"))
    list_columns = ["code", "name", "region", "site"]
    add_columns = edit_columns = show_columns = ["site", "code", "name", "region"]
    search_columns = ["code", "name", "region", "site"]
    label_columns = {"code": _l("Code"), "name": _l("Name"), "region": _l("Region"),
                     "site": _l("Site")}


class SiteAddonView(ErpPage):
    """Every installed addon per site, with its dependencies and a switch."""

    route_base = "/site_addons"
    titles = (N_("Addons per site"),)

    @page_endpoint("/")
    def index(self):
        all_sites = db.session.execute(select(Site).order_by(Site.code)).scalars().all()
        rows = [(site, sites.addon_status(site)) for site in all_sites]
        return self.render_template("erp/site_addons.html", rows=rows)

    @page_endpoint("/<site_code>/<addon>/<action>", methods=("POST",))
    def switch(self, site_code, addon, action):
        try:
            site = sites.get_site(site_code)
            if action == "enable":
                added = sites.enable(site, addon, user=_username())
                flash(_("Enabled on %(site)s: %(addons)s.", site=site.code,
                        addons=", ".join(added) or addon), "success")
            elif action == "disable":
                sites.disable(site, addon, user=_username())
                flash(_("Disabled %(addon)s on %(site)s.", addon=addon, site=site.code),
                      "success")
            else:
                flash(_("Unknown action %(action)s.", action=action), "danger")
            db.session.commit()
        except sites.SiteError as error:
            db.session.rollback()
            flash(str(error), "danger")
        return redirect(url_for("SiteAddonView.index"))


def _username():
    from flask import g

    user = getattr(g, "user", None)
    return getattr(user, "username", None)


class SiteApi(ErpModelRestApi):
    resource_name = "site"
    datamodel = SQLAInterface(Site)
    list_columns = show_columns = ["id", "code", "name", "timezone"]
    add_columns = edit_columns = ["code", "name", "timezone"]


class DealerApi(ErpModelRestApi):
    resource_name = "dealer"
    datamodel = SQLAInterface(Dealer)
    list_columns = show_columns = ["id", "site_id", "code", "name", "region"]
    add_columns = edit_columns = ["site_id", "code", "name", "region"]


class SiteAddonApi(ErpModelRestApi):
    """``POST {"site": CODE, "addon": NAME, "enabled": bool}`` switches an addon;
    ``PUT /<id> {"enabled": bool}`` switches that row.  Rows are never deleted."""

    resource_name = "site_addon"
    datamodel = SQLAInterface(SiteAddon)
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = ["id", "site_id", "addon", "enabled", "changed_on",
                                   "changed_by"]
    add_columns = edit_columns = ["site_id", "addon", "enabled"]

    def _apply(self, site, addon, enabled):
        if not isinstance(addon, str) or not isinstance(enabled, bool):
            return self.response_422(message={
                "addon": [_("An addon name is required.")],
                "enabled": [_("true or false is required.")]})
        try:
            if enabled:
                changed = sites.enable(site, addon, user=_username())
            else:
                sites.disable(site, addon, user=_username())
                changed = [addon]
            db.session.commit()
        except sites.SiteError as error:
            db.session.rollback()
            return self.response(error.status, message=str(error))
        return self.response(200, site=site.code, addon=addon, enabled=enabled,
                             changed=changed,
                             addons=sites.addon_status(site))

    def post_headless(self):
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return self.response_400(message=_("The request body must be a JSON object."))
        try:
            site = sites.get_site(str(body.get("site", "")))
        except sites.SiteError as error:
            return self.response(error.status, message=str(error))
        return self._apply(site, body.get("addon"), body.get("enabled", True))

    def put_headless(self, pk):
        body = request.get_json(silent=True)
        row = self.datamodel.get(pk, self._base_filters)
        if row is None:
            return self.response_404()
        if not isinstance(body, dict):
            return self.response_400(message=_("The request body must be a JSON object."))
        return self._apply(row.site, row.addon, body.get("enabled"))


def effective_settings(api):
    scope = current_scope()
    site_id = scope.site_id or request.args.get("site_id", type=int)
    if site_id is None:
        return api.response_422(message={"site_id": [_("Which site?")]})
    if db.session.get(Site, site_id) is None:
        return api.response_404()
    return api.response(200, result=site_settings.all_for(site_id))


class SiteSettingApi(ErpModelRestApi):
    """Per-site settings: ``GET`` lists stored values; ``POST {"site_id", "key",
    "value"}`` stores one (checked against the addon's default); ``GET
    /effective`` lists every declared setting of the caller's site."""

    resource_name = "site_setting"
    datamodel = SQLAInterface(site_settings.SiteSetting)
    include_route_methods = {"get", "get_list", "info", "post", "put", "delete",
                             "effective"}
    list_columns = show_columns = ["id", "site_id", "key", "value"]
    add_columns = ["site_id", "key", "value"]
    edit_columns = ["value"]

    def _checked_body(self, key):
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or "value" not in body:
            return None, self.response_422(message={"value": [_("A value is required.")]})
        try:
            body["value"] = site_settings.coerce(key, body["value"])
        except site_settings.SettingError as error:
            return None, self.response_422(message={"value": [str(error)]})
        return body, None

    def post_headless(self):
        body = request.get_json(silent=True)
        key = body.get("key") if isinstance(body, dict) else None
        _body, refused = self._checked_body(key)
        return refused or super().post_headless()

    def put_headless(self, pk):
        row = self.datamodel.get(pk, self._base_filters)
        if row is None:
            return self.response_404()
        _body, refused = self._checked_body(row.key)
        return refused or super().put_headless(pk)

    effective = report_endpoint(
        "effective", effective_settings, "Every declared setting of the caller's site, with "
        "its value", ["site_id"], "key, default, value, is_default per setting")


class AuditLogApi(ErpModelRestApi):
    """Read-only: audit rows are append-only."""

    resource_name = "audit_log"
    datamodel = SQLAInterface(AuditLog)
    include_route_methods = {"get", "get_list", "info"}
    list_columns = show_columns = ["id", "at", "site_id", "user_id", "username", "model",
                                   "row_id", "action", "from_state", "to_state", "reason",
                                   "changes"]
    order_columns = ["at", "id"]
    base_order = ("id", "desc")


class AuditLogView(ErpModelView):
    datamodel = SQLAInterface(AuditLog)
    base_permissions = ["can_list", "can_show"]
    titles = (N_("Audit trail"), N_("Audit row"))
    # codes by name (core.names); the search still takes the codes
    list_columns = ["at", "username", "model_text", "row_id", "action_text",
                    "from_state_text", "to_state_text", "reason"]
    show_columns = list_columns + ["changes", "site_id", "user_id"]
    search_columns = ["username", "model", "row_id", "action"]
    base_order = ("id", "desc")
    label_columns = {"at": _l("When"), "username": _l("Who"), "model": _l("Record type"),
                     "row_id": _l("Record"), "action": _l("Action"),
                     "from_state": _l("From"), "to_state": _l("To"), "reason": _l("Reason"),
                     "changes": _l("Changes"), "model_text": _l("Record type"),
                     "action_text": _l("Action"), "from_state_text": _l("From"),
                     "to_state_text": _l("To"), "site_id": _l("Site id"), "user_id": _l("User id")}


ADMIN_MENU = Menu(ADMIN_CATEGORY, "fa-cogs", label=_l("Administration"), entries=(
    (SiteModelView, "fa-building"),
    (DealerModelView, "fa-store"),
    (SiteAddonView, "fa-puzzle-piece"),
    (AuditLogView, "fa-history"),
))


def register(appbuilder) -> None:
    add_menu(appbuilder, ADMIN_MENU)
    for api in (SiteApi, DealerApi, SiteAddonApi, AuditLogApi, SiteSettingApi):
        appbuilder.add_api(api)
