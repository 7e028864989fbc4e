"""The security manager: FAB's, plus sites, dealers and the addon gate.

``has_access`` is the one choke point that FAB's views, REST APIs and the navbar all
call, so refusing a disabled addon's views there hides them everywhere; the
``before_request`` gate turns a request for such a view into a 404, as if the addon
did not exist for that site.
"""
from __future__ import annotations

from flask import abort, current_app, g, jsonify, request
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import UserDBModelView
from flask_babel import lazy_gettext as _l
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_login import current_user

from core.models import ErpUser
from core.sites import enabled_addons


class ErpUserDBModelView(UserDBModelView):
    """FAB's user admin with the user's site and dealer."""

    list_columns = ["first_name", "last_name", "username", "email", "site", "dealer",
                    "active", "roles"]
    show_fieldsets = [
        (_l("User info"), {"fields": ["username", "active", "roles", "login_count",
                                      "site", "dealer"]}),
        (_l("Personal Info"), {"fields": ["first_name", "last_name", "email"],
                               "expanded": True}),
        (_l("Audit Info"), {"fields": ["last_login", "fail_login_count", "created_on",
                                       "created_by", "changed_on", "changed_by"],
                            "expanded": False}),
    ]
    add_columns = ["first_name", "last_name", "username", "active", "email", "site",
                   "dealer", "roles", "password", "conf_password"]
    edit_columns = ["first_name", "last_name", "username", "active", "email", "site",
                    "dealer", "roles"]


def request_user():
    """The logged-in user of this request (session or JWT), or None."""
    if current_user.is_authenticated:
        return current_user
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        try:
            verify_jwt_in_request(optional=True)
            return get_current_user()
        except Exception:  # a bad token: FAB's own decorator will answer 401
            return None
    return None


def addon_map():
    return current_app.extensions["erp_addon_map"]


def addon_enabled_for(user, addon: str) -> bool:
    return addon in enabled_addons(getattr(user, "site_id", None))


def addon_gate():
    """404 for a view of an addon that the user's site has not enabled."""
    addon = addon_map().by_blueprint.get(request.blueprint)
    if addon is None:
        return None
    user = request_user()
    if user is not None and not addon_enabled_for(user, addon):
        abort(404)
    return None


def api_not_found(error):
    if request.path.startswith("/api/"):
        return jsonify(message=str(_l("Not found"))), 404
    return error


class ErpSecurityManager(SecurityManager):
    user_model = ErpUser
    userdbmodelview = ErpUserDBModelView

    def _addon_allows(self, view_name: str) -> bool:
        addon = addon_map().owner_of_view(view_name)
        if addon is None:
            return True
        user = getattr(g, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            user = request_user()
        return user is None or addon_enabled_for(user, addon)

    def has_access(self, permission_name: str, view_name: str) -> bool:
        return self._addon_allows(view_name) and super().has_access(
            permission_name, view_name)

    def get_user_menu_access(self, menu_names=None):
        allowed = super().get_user_menu_access(menu_names)
        return {name for name in allowed if self._addon_allows(name)}
