"""Roles as data: each addon's ``security/access.csv`` says what each role may do.

Columns: ``role,view,permissions`` — ``view`` is a view's or API's permission name
(its class name) or a menu item; ``permissions`` is a space-separated list such as
``can_get can_info menu_access``, or ``*`` for every permission that view has.
The role ``ALL`` stands for every role declared anywhere.  ``erp db upgrade`` makes
the database roles exactly what the files say (the files are the truth; the
system admin role keeps every permission).
"""
from __future__ import annotations

import csv
import os
from collections import defaultdict

from flask_babel import lazy_gettext as _l

HOST_ACCESS = os.path.join(os.path.dirname(__file__), "access.csv")

# The core roles exist on every deployment, whatever the addons declare.
CORE_ROLES = {
    "Site Admin": _l("Site Admin"),
    "Service Manager": _l("Service Manager"),
    "Technician": _l("Technician"),
    "Dealer": _l("Dealer"),
    "Quality": _l("Quality"),
    "Technical": _l("Technical"),
    "HR": _l("HR"),
    "Finance": _l("Finance"),
}


class AccessError(Exception):
    """A bad line in an access file; the message names the file and line."""


def access_files(app) -> list[str]:
    files = [HOST_ACCESS]
    for addon in app.extensions["erp_addons"].values():
        path = os.path.join(addon.path, "security", "access.csv")
        if os.path.exists(path):
            files.append(path)
    return files


def read_access(path: str) -> list[tuple[str, str, list[str]]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if not row.get("role") or not row.get("view") or not row.get("permissions"):
                raise AccessError(f"{path}:{number}: role, view and permissions are required")
            rows.append((row["role"].strip(), row["view"].strip(),
                         row["permissions"].split()))
    return rows


def wanted_permissions(app) -> dict[str, set[tuple[str, str]]]:
    """role -> {(permission, view)} from every access file."""
    views = {view.class_permission_name: set(view.base_permissions)
             for view in app.appbuilder.baseviews}
    declared = defaultdict(set)
    for role in CORE_ROLES:
        declared[role]
    everyone = []
    for path in access_files(app):
        for role, view, permissions in read_access(path):
            if permissions == ["*"]:
                if view not in views:
                    raise AccessError(f"{path}: '*' on unknown view {view}")
                permissions = sorted(views[view])
            pairs = {(permission, view) for permission in permissions}
            if role == "ALL":
                everyone.append(pairs)
            else:
                declared[role] |= pairs
    for pairs in everyone:
        for role in declared:
            declared[role] |= pairs
    return declared


def sync(app) -> None:
    security = app.appbuilder.sm
    for role_name, pairs in wanted_permissions(app).items():
        if role_name == app.config["AUTH_ROLE_ADMIN"]:
            continue
        role = security.find_role(role_name) or security.add_role(role_name)
        role.permissions = [security.add_permission_view_menu(permission, view)
                            for permission, view in sorted(pairs)]
    security.session.commit()
