"""The role matrix: every role may do exactly what the access files grant it.

The expected grants are read from core/access.csv and every addon's
security/access.csv (``core.roles.wanted_permissions``: ``*`` is every permission
of the view, the role ``ALL`` every role; the system admin holds them all).  The
requests are generated from the app's URL map: every route of every page view and
REST API whose permission FAB checks, each FAB row action and each transition.  So
a new view, permission, action or access line is covered the day it lands, without
a new test.

Each role is checked as a real user of that role (a demo user, or a user created
for the role when the demo has none), through real HTTP requests with its session
(pages) or its token (API):

* granted → anything but 403;
* not granted → 403 (FAB's row actions: the "Access is Denied" message);
* a view of an addon that the user's site has not enabled → 404, whatever the role.

No request changes data: ids name no row (2,000,000,000), bodies are refused, and
the one row action that would add a row when allowed (copying a role) is only
checked for its refusal.
"""
from __future__ import annotations

from collections import defaultdict

from flask import g
from sqlalchemy import select
from werkzeug.security import check_password_hash

from core import roles, sites
from core.context import system_context
from core.extensions import db
from core.models import ErpUser

from .fixtures import api_token, as_system, in_one_pass, login

pytestmark = in_one_pass

NO_SUCH_ID = 2_000_000_000
MATRIX_PASSWORD = "Matrix-passw0rd"
# the demo's passwords (README): the system admin's, everybody else's
DEMO_PASSWORDS = ("admin", "demo")
# values for the URL arguments that are not row ids, naming nothing that exists
ARGUMENT_VALUES = {"site_code": "no-such-site", "addon": "no_such_addon",
                   "action": "no_such_action", "group_by": "0", "version": "v1"}
# routes no permission decides: FAB's file downloads answer 404 to everybody
# (core.security.addon_gate); files go through the scoped storage endpoints
CLOSED_ENDPOINT_SUFFIXES = (".download",)
# row actions that change data when they are allowed: only the refusal is checked
MUTATING_ROW_ACTIONS = {("RoleModelView", "copyrole")}
ACCESS_DENIED = "Access is Denied"


def grants(app) -> dict[str, set[tuple[str, str]]]:
    """role -> {(permission, view)} as the access files say; the system admin: all."""
    wanted = roles.wanted_permissions(app)
    everything = {(permission, view.class_permission_name)
                  for view in app.appbuilder.baseviews
                  for permission in view.base_permissions}
    everything |= {("menu_access", name) for name in menu_names(app.appbuilder.menu.get_list())}
    wanted[app.config["AUTH_ROLE_ADMIN"]] = everything
    return wanted


def menu_names(items) -> set[str]:
    names = set()
    for item in items:
        if item.name != "-":
            names.add(item.name)
        names |= menu_names(item.childs or [])
    return names


# --- the users ------------------------------------------------------------------------

def user_of_role(app, role_name: str) -> tuple[str, str]:
    """(username, password) of an active user holding only ``role_name``: a demo user
    (of gz, whose site enables every addon, where there is one), else a new user of gz."""
    security = app.appbuilder.sm
    with as_system(app):
        gz = sites.get_site("gz")
        holders = [user for user in db.session.execute(
            select(ErpUser).where(ErpUser.active.is_(True)).order_by(ErpUser.id)).scalars()
            if [role.name for role in user.roles] == [role_name]]
        holders.sort(key=lambda user: (user.site_id != gz.id, user.id))
        for user in holders:
            for password in DEMO_PASSWORDS:
                if user.password and check_password_hash(user.password, password):
                    return user.username, password
        username = "matrix-" + role_name.lower().replace(" ", "-")
        user = security.find_user(username=username)
        if user is None:
            # named as a person of the site is, in Chinese: a name in English (the
            # role's) would read as untranslated text on the user list
            user = security.add_user(username, "矩阵", "测试", f"{username}@example.com",
                                     security.find_role(role_name), password=MATRIX_PASSWORD)
            db.session.get(ErpUser, user.id).site_id = gz.id
            db.session.commit()
        return username, MATRIX_PASSWORD


def role_users(app, granted):
    """(role, username, password, user id, addons enabled on the user's site) for
    every role the access files name."""
    for role_name in sorted(set(granted) - {"ALL"}):
        username, password = user_of_role(app, role_name)
        with as_system(app):
            user = db.session.execute(select(ErpUser).filter_by(username=username)).scalar_one()
            user_id, enabled = user.id, sites.enabled_addons(user.site_id)
        yield role_name, username, password, user_id, enabled


def first_visible_row(app, user_id: int, view) -> int | None:
    """The id of a row the user sees in ``view``: through the real scope criteria and
    the view's own filters."""
    with app.test_request_context():
        with system_context(None):
            g._login_user = g.user = db.session.get(ErpUser, user_id)
        _count, rows = view.datamodel.query(view._base_filters, page=0, page_size=1)
        row_id = rows[0].id if rows else None
        db.session.rollback()
        return row_id


# --- the requests ---------------------------------------------------------------------

class Operation:
    """One request and the permissions (on ``view_name``) it needs."""

    def __init__(self, view, endpoint, method, url, permissions, kind, action=None):
        self.view = view
        self.view_name = view.class_permission_name
        self.blueprint = view.blueprint.name
        self.endpoint, self.method, self.url = endpoint, method, url
        self.permissions, self.kind = frozenset(permissions), kind
        self.action = action

    def __repr__(self):
        return f"{self.method} {self.url} ({self.endpoint})"


def operations(app) -> tuple[list[Operation], list[str]]:
    """Every permission-checked request of the app, and the routes it cannot call."""
    views = {view.blueprint.name: view for view in app.appbuilder.baseviews
             if getattr(view, "blueprint", None) is not None}
    found, unknown = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        blueprint, _, function_name = rule.endpoint.partition(".")
        view = views.get(blueprint)
        if view is None or rule.endpoint.endswith(CLOSED_ENDPOINT_SUFFIXES):
            continue
        methods = rule.methods - {"HEAD", "OPTIONS"}
        # FAB 5.3 refuses a row action or a delete asked with GET while CSRF protection
        # is installed: those are posted; everything else read when it can be
        if "GET" in methods and function_name not in ("action", "delete"):
            method = "GET"
        else:
            method = "POST" if "POST" in methods else sorted(methods)[0]
        is_api = rule.rule.startswith("/api/")
        model = getattr(getattr(view, "datamodel", None), "obj", None)
        if function_name in ("action", "action_post"):
            for name, row_action in (getattr(view, "actions", None) or {}).items():
                # where the pages offer it: on one row, or on the selected rows
                if not (row_action.multiple if function_name == "action_post"
                        else row_action.single):
                    continue
                permission = view.get_action_permission_name(name)
                found.append(Operation(view, rule.endpoint, method, rule.rule, {permission},
                                       "row_action", name))
            continue
        if function_name == "transition" and hasattr(model, "transitions"):
            for action in model.transitions():
                needed = {f"can_{action}"} if is_api else {"can_transition", f"can_{action}"}
                url = rule.build({"pk": NO_SUCH_ID, "action": action}, append_unknown=False)[1]
                found.append(Operation(view, rule.endpoint, "POST" if is_api else "GET", url,
                                       needed, "transition", action))
            continue
        method_object = getattr(view, function_name, None)
        if not hasattr(method_object, "_permission_name"):
            continue  # public: login, logout, language, home
        permission = "can_" + view.get_method_permission(function_name)
        values = {}
        for argument in rule.arguments:
            if argument == "pk" or argument.endswith("_id"):
                values[argument] = NO_SUCH_ID
            elif argument in ARGUMENT_VALUES:
                values[argument] = ARGUMENT_VALUES[argument]
            else:
                unknown.append(f"{rule.rule}: argument <{argument}>")
                break
        else:
            url = rule.build(values, append_unknown=False)[1]
            # one row is enough to be answered: lists need not render all of theirs
            if function_name == "get_list":
                url += "?q=(page_size:1)"
            elif function_name == "list":
                url += f"?psize_{view.__class__.__name__}=1"
            found.append(Operation(view, rule.endpoint, method, url, {permission},
                                   "api" if is_api else "page"))
    return found, unknown


def closed_permissions(app) -> set[tuple[str, str]]:
    """(permission, view) of the routes closed to everybody: no role can use them."""
    closed = set()
    for view in app.appbuilder.baseviews:
        for suffix in CLOSED_ENDPOINT_SUFFIXES:
            name = suffix.lstrip(".")
            if hasattr(getattr(view, name, None), "_permission_name"):
                closed.add(("can_" + view.get_method_permission(name),
                            view.class_permission_name))
    return closed


def send(client, headers, operation, rows):
    """The operation's request; returns (status, refused, permissions checked):
    ``refused`` says FAB answered "Access is Denied" (row actions redirect with that
    message)."""
    kwargs = {}
    url = operation.url
    checked = operation.permissions
    if operation.kind == "row_action":
        row_id = rows(operation.view)
        if row_id is None:
            return None, False, checked
        if operation.endpoint.endswith(".action_post"):
            kwargs["data"] = {"action": operation.action, "rowid": [str(row_id)]}
        else:
            url = url.replace("<string:name>", operation.action).replace("<pk>", str(row_id))
    elif operation.kind == "transition" and not url.startswith("/api/"):
        row_id = rows(operation.view)
        if row_id is not None:  # the form of a row the user sees: every check applies
            url = url.replace(f"/{NO_SUCH_ID}/", f"/{row_id}/")
        else:  # no row: 404 right after the page's own permission
            checked = frozenset({"can_transition"})
    if url.startswith("/api/"):
        kwargs["headers"] = headers
        if operation.method in ("POST", "PUT"):
            kwargs["json"] = []  # refused after the permission check: 400, never stored
    response = client.open(url, method=operation.method, **kwargs)
    refused = False
    if operation.kind == "row_action":
        with client.session_transaction() as session:
            flashes = session.pop("_flashes", [])
        refused = any(message == ACCESS_DENIED for _category, message in flashes)
    return response.status_code, refused, checked


def test_every_role_may_do_exactly_what_its_access_rules_grant(app):
    granted = grants(app)
    ops, unknown = operations(app)
    assert unknown == [], "routes the matrix cannot call: teach it their arguments"
    assert len(ops) > 300
    installed_views = {view.class_permission_name: set(view.base_permissions)
                       for view in app.appbuilder.baseviews}
    addon_of = app.extensions["erp_addon_map"].by_blueprint
    problems, exercised = [], defaultdict(set)
    without_rows = set()  # (permission, view) that no role had a row to try on
    for role_name, username, password, user_id, enabled in role_users(app, granted):
        client = app.test_client()
        login(client, username, password)
        headers = api_token(client, username, password)
        role_grants = granted[role_name]
        visible = {}

        def rows(view):
            if view not in visible:
                visible[view] = first_visible_row(app, user_id, view)
            return visible[view]

        for operation in ops:
            def is_allowed(permissions):
                return all((permission, operation.view_name) in role_grants
                           and permission in installed_views[operation.view_name]
                           for permission in permissions)

            if (operation.kind == "row_action" and is_allowed(operation.permissions)
                    and (operation.view_name, operation.action) in MUTATING_ROW_ACTIONS):
                continue
            status, refused, checked = send(client, headers, operation, rows)
            if status is None:
                continue  # a row action with no row the user sees
            if checked != operation.permissions:  # a transition page with no row to show
                without_rows |= {(permission, operation.view_name)
                                 for permission in operation.permissions - checked}
            allowed = is_allowed(checked)
            addon = addon_of.get(operation.blueprint)
            where = f"{role_name} ({username}): {operation} -> {status}"
            if addon is not None and addon not in enabled:
                if status != 404:
                    problems.append(f"{where}, expected 404: {addon} is off on the site")
                continue
            for permission in checked:
                exercised[(permission, operation.view_name)].add(role_name)
            if status >= 500:
                problems.append(f"{where}: a server error")
            elif operation.kind == "row_action":
                if refused == allowed:
                    problems.append(f"{where}: {'refused' if refused else 'allowed'}, but "
                                    f"the access files {'grant' if allowed else 'do not grant'}"
                                    f" {sorted(checked)}")
            elif allowed and status == 403:
                problems.append(f"{where}: refused, but granted {sorted(checked)}")
            elif not allowed and status != 403:
                problems.append(f"{where}: not refused, but {sorted(checked)} is not granted")
    assert problems == [], "\n".join(problems)
    # every permission a view declares was tried by some role: none hides from the
    # matrix, but for a transition of a page whose model has no row yet
    declared = {(permission, view) for view, permissions in installed_views.items()
                for permission in permissions} - closed_permissions(app)
    untried = sorted(declared - set(exercised) - without_rows)
    assert untried == [], f"permissions no request of the matrix needs: {untried}"


def visible_menu(items, allowed: set[str]) -> set[str]:
    names = set()
    for item in items:
        if item.name == "-" or item.name not in allowed:
            continue
        names.add(item.name)
        names |= visible_menu(item.childs or [], allowed)
    return names


def menu_answer(data) -> set[str]:
    names = set()
    for item in data:
        if isinstance(item, dict):
            names.add(item["name"])
            names |= menu_answer(item.get("childs") or [])
    return names


def test_every_role_sees_exactly_the_menu_items_its_access_rules_grant(app, client):
    granted = grants(app)
    menu = app.appbuilder.menu.get_list()
    owners = app.extensions["erp_addon_map"].by_menu_name
    checked = 0
    for role_name, username, password, _user_id, enabled in role_users(app, granted):
        allowed = {name for permission, name in granted[role_name]
                   if permission == "menu_access" and owners.get(name, None) in (None, *enabled)}
        response = client.get("/api/v1/menu/", headers=api_token(client, username, password))
        assert response.status_code == 200, (role_name, response.status_code)
        assert menu_answer(response.json["result"]) == visible_menu(menu, allowed), role_name
        checked += 1
    assert checked >= 9
