"""The security manager: FAB's, plus sites, dealers and the addon gate.

``has_access`` is the one choke point that FAB's views, REST APIs and the navbar all
call, so refusing a disabled addon's views there hides them everywhere; the
``before_request`` gate turns a request for such a view into a 404, as if the addon
did not exist for that site.
"""
from __future__ import annotations

import prison
from flask import abort, current_app, g, has_request_context, jsonify, request
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import assoc_permissionview_role
from flask_appbuilder.security.views import UserDBModelView
from flask_babel import lazy_gettext as _l
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_login import current_user
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session, joinedload

from core import access_stamp, fab_workarounds
from core.context import request_cache
from core.credentials import sends_bearer_token
from core.models import INTEGER_MAX, ErpUser
from core.names import role_names
from core.numbers import whole_number
from core.scope import request_principal
from core.sites import enabled_addons


def _nothing_for_none(value):
    return "" if value is None else value


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
    # FAB's roles validator reads form["groups"]: leaving it out is a 500
    add_columns = ["first_name", "last_name", "username", "active", "email", "site",
                   "dealer", "roles", "groups", "password", "conf_password"]
    edit_columns = ["first_name", "last_name", "username", "active", "email", "site",
                    "dealer", "roles", "groups"]
    # roles by their translated names, Yes / No, nothing for no site (FAB prints the
    # Python values: [Technician], True, None)
    label_columns = {**UserDBModelView.label_columns, "site": _l("Site"),
                     "dealer": _l("Dealer")}
    formatters_columns = {
        **(UserDBModelView.formatters_columns or {}),
        "roles": role_names,
        "active": lambda active: _l("Yes") if active else _l("No"),
        **{column: _nothing_for_none for column in (
            "site", "dealer", "last_login", "login_count", "fail_login_count", "created_on",
            "created_by", "changed_on", "changed_by")},
    }


def request_user():
    """The logged-in user of this request (session or JWT), or None."""
    if current_user.is_authenticated:
        return current_user
    if sends_bearer_token():
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


def _impossible_id(value) -> bool:
    """An id in a URL or a query (FAB's REST routes take ``<pk>`` as text) above any
    INTEGER."""
    number = whole_number(value)
    return number is not None and not 0 <= number <= INTEGER_MAX


def _pk_is_not_a_number() -> bool:
    """``<pk>`` of a view whose rows have whole-number ids, written otherwise
    (``¹``, ``1.5``): no row has it, and PostgreSQL refuses to compare it (a 500)."""
    pk = (request.view_args or {}).get("pk")
    if not isinstance(pk, str) or whole_number(pk) is not None:
        return False
    view = current_app.extensions["erp_views_by_blueprint"].get(request.blueprint)
    datamodel = getattr(view, "datamodel", None)
    if datamodel is None:
        return False
    return all(isinstance(column.type, Integer)
               for column in datamodel.obj.__mapper__.primary_key)


def _rison_problem(text: str) -> str | None:
    """FAB answers 500 when ``q`` fails to parse in some ways (``1e+5``) or holds a
    number no database column takes; both are the client's mistake."""
    try:
        value = prison.loads(text)
    except Exception:  # noqa: BLE001 - prison raises ValueError, IndexError, its own...
        return str(_l("The q argument is not valid Rison."))
    if any(isinstance(number, int) and not -2**63 < number < 2**63
           for number in _leaves(value)):
        return str(_l("A number in q is out of range."))
    return None


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def addon_gate():
    """404 for a view of an addon that the user's site has not enabled.

    FAB's ``<view>/download/<filename>`` serves any uploaded file to anyone who may
    list the view; files are served only by the storage service's scoped
    endpoints, so those routes answer 404 for everybody.
    """
    if request.endpoint and request.endpoint.endswith(".download"):
        abort(404)
    ids_asked = [*(request.view_args or {}).values(),
                 *(value for key, value in request.args.items(multi=True)
                   if key == "id" or key.endswith("_id"))]
    if any(_impossible_id(value) for value in ids_asked) or _pk_is_not_a_number():
        abort(404)  # no row has that id, and the database would refuse the number: 500
    if request.path.startswith("/api/") and "q" in request.args:
        problem = _rison_problem(request.args["q"])
        if problem:
            return jsonify(message=problem), 400
    user = request_user()  # loads the user first: scoping below depends on it
    group_by = (request.view_args or {}).get("group_by")
    group_index = None if group_by is None else whole_number(str(group_by))
    if group_by is not None and (group_index is None or group_index < 0):
        abort(404)  # FAB's chart views int() it unchecked: a 500 otherwise
    if request.endpoint and request.endpoint.endswith((".action", ".action_post")):
        _guard_fab_action()
    addon = addon_map().by_blueprint.get(request.blueprint)
    if addon is None:
        return None
    if user is not None and not addon_enabled_for(user, addon):
        abort(404)
    return None


def _guard_fab_action() -> None:
    """FAB's row actions call ``action.func(datamodel.get(pk))`` unchecked: an
    unknown action or a row outside the user's scope (None) ends in a 500.
    Both are 404 here, before FAB runs."""
    view = current_app.extensions["erp_views_by_blueprint"].get(request.blueprint)
    if view is None:
        return
    if request.endpoint.endswith(".action"):
        name, pks = request.view_args.get("name"), [request.view_args.get("pk")]
    else:
        name, pks = request.form.get("action"), request.form.getlist("rowid")
    if name not in (getattr(view, "actions", None) or {}):
        abort(404)
    if fab_workarounds.row_action_not_offered(
            view, name, for_selected_rows=request.endpoint.endswith(".action_post")):
        abort(404)
    for pk in pks:
        if view.datamodel.get(view._deserialize_pk_if_composite(pk)) is None:
            abort(404)


def api_not_found(error):
    if request.path.startswith("/api/"):
        return jsonify(message=str(_l("Not found"))), 404
    return error


class ErpSecurityManager(SecurityManager):
    user_model = ErpUser
    userdbmodelview = ErpUserDBModelView

    def __init__(self, appbuilder):
        super().__init__(appbuilder)
        fab_workarounds.eager_security_lists(self)
        # built once: SQLAlchemy keeps a statement's cache key, so each request's
        # user costs no statement building
        user = self.user_model
        self._user_statement = (
            select(user)
            .where(user.id == bindparam("user_id", type_=Integer))
            .options(joinedload(user.roles),
                     joinedload(user.groups).selectinload(self.group_model.roles)))
        self._stamp_statement = select(access_stamp.stamp_column())

    def _addon_allows(self, view_name: str) -> bool:
        addon = addon_map().owner_of_view(view_name)
        if addon is None:
            return True
        user = getattr(g, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            user = request_user()
        return user is None or addon_enabled_for(user, addon)

    @property
    def is_auth_limited(self) -> bool:
        # core.hardening applies AUTH_RATE_LIMIT to failed form and API logins;
        # FAB's own limit would count every login POST, successful ones too
        return False

    def has_access(self, permission_name: str, view_name: str) -> bool:
        return self._addon_allows(view_name) and super().has_access(
            permission_name, view_name)

    def exist_permission_on_roles(self, view_name, permission_name, role_ids) -> bool:
        # FAB asks the database once per check: a page with its menu made ~40 queries.
        # In a request, the roles' (permission, view) pairs are read once instead.
        if not has_request_context():
            return super().exist_permission_on_roles(view_name, permission_name, role_ids)
        return (permission_name, view_name) in self._grants(tuple(sorted(role_ids)))[1]

    def is_item_public(self, permission_name, view_name) -> bool:
        # FAB 5.3 reads the public role, then its permissions (2 statements), on every
        # API request before it looks at the token; here the public role's pairs come
        # with the user's in the request's one permission statement, kept under the
        # access stamp read with the user
        if not has_request_context():
            return super().is_item_public(permission_name, view_name)
        return (permission_name, view_name) in self._grants(self._request_role_ids())[0]

    def create_limiter(self, app):
        limiter = super().create_limiter(app)
        fab_workarounds.check_limits_only_where_they_apply(app, limiter)
        return limiter

    def get_user_by_id(self, pk):
        # once per request (FAB asks for a token's user twice): the access stamp,
        # which keys the process's caches of permissions and addons, and of users,
        # since a change to a user (roles, groups, activity, login) moves it too.
        # The user is read with its roles and groups (FAB: three statements, one per
        # collection) when this process has not kept it under the stamp, and handed
        # to this request's session as a copy, without SQL: loading the user through
        # the ORM at every request cost a seventh of a list request's CPU
        loaded = request_cache().get("user")
        if loaded is not None and loaded[0] == str(pk):
            return loaded[1]
        user_id = whole_number(str(pk))  # a token's identity is text
        if user_id is None:
            return None
        access_stamp.seen(self.session.connection().execute(self._stamp_statement).scalar())
        kept = access_stamp.cached(("user", user_id), lambda: self._user_to_keep(user_id))
        if kept is None:
            return None
        user = self.session.merge(kept, load=False)
        request_cache()["user"] = (str(pk), user)
        return user

    def _user_to_keep(self, user_id: int):
        """The user with roles and groups, loaded by a session of its own on this
        request's connection: nothing this request does (a commit expires what its
        session holds) reaches the copy kept."""
        with Session(bind=self.session.connection()) as session:
            return session.execute(self._user_statement,
                                   {"user_id": user_id}).unique().scalar_one_or_none()

    def _request_role_ids(self) -> tuple:
        """The ids FAB's ``_has_view_access`` will ask about for this request's user.
        The user is read here if nothing has read it yet (the gate does, first thing):
        FAB's ``@protect`` asks ``is_item_public`` before it reads the token, and
        without the user's access stamp the pairs would be read again at each request."""
        user = request_principal() or request_user()
        if user is None:
            return ()
        return tuple(sorted(role.id for role in self.get_user_roles(user)
                            if role.name not in self.builtin_roles))

    def _grants(self, role_ids: tuple) -> tuple[frozenset, frozenset]:
        """(the public role's pairs, ``role_ids``' pairs), read once per process and
        access stamp (``core.access_stamp.cached``)."""
        return access_stamp.cached(("grants", role_ids),
                                   lambda: self._granted_to_roles(role_ids))

    def _granted_to_roles(self, role_ids) -> tuple[frozenset, frozenset]:
        role = self.role_model
        rows = (
            self.session.query(self.permission_model.name, self.viewmenu_model.name,
                               role.id, role.name)
            .select_from(self.permissionview_model)
            .join(assoc_permissionview_role,
                  assoc_permissionview_role.c.permission_view_id
                  == self.permissionview_model.id)
            .join(role, role.id == assoc_permissionview_role.c.role_id)
            .join(self.permission_model,
                  self.permission_model.id == self.permissionview_model.permission_id)
            .join(self.viewmenu_model,
                  self.viewmenu_model.id == self.permissionview_model.view_menu_id)
            .filter(role.id.in_(role_ids) | (role.name == self.auth_role_public))
        )
        public, granted = set(), set()
        for permission, view, role_id, role_name in rows:
            if role_name == self.auth_role_public:
                public.add((permission, view))
            if role_id in role_ids:
                granted.add((permission, view))
        return frozenset(public), frozenset(granted)

    def get_user_menu_access(self, menu_names=None):
        allowed = super().get_user_menu_access(menu_names)
        return {name for name in allowed if self._addon_allows(name)}
