"""Alembic with one branch for the host and one per addon (branch label = name).

Revision files of the host live in ``core/migrations/versions``; an addon keeps
its own in ``<addon>/migrations``.  ``upgrade`` goes to every branch's head and then
synchronises permissions — the one place they are synchronised, so that web and
worker processes can start with ``FAB_UPDATE_PERMS=False`` side by side.
"""
from __future__ import annotations

import os

from flask import current_app
from flask_appbuilder import Model

from core import data, roles
from core.extensions import db

CORE_MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
HOST_BRANCH = "host"


def addon_migration_dirs(app) -> dict[str, str]:
    return {name: os.path.join(addon.path, "migrations")
            for name, addon in app.extensions["erp_addons"].items()
            if os.path.isdir(os.path.join(addon.path, "migrations"))}


# alembic is imported by the commands that use it: a web or worker process, which
# never migrates, does not pay for it at start-up
def alembic_config(app, only_owner: str | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", CORE_MIGRATIONS)
    config.set_main_option("path_separator", "os")
    locations = [os.path.join(CORE_MIGRATIONS, "versions")] + list(
        addon_migration_dirs(app).values())
    config.set_main_option("version_locations", os.pathsep.join(locations))
    config.attributes["only_owner"] = only_owner
    return config


def table_owners() -> dict[str, str]:
    """table name -> owning addon name, or ``host`` for the host's and FAB's."""
    modules = {addon.module: name
               for name, addon in current_app.extensions["erp_addons"].items()}
    owners = {}
    for mapper in Model.registry.mappers:
        module = mapper.class_.__module__
        owner = next((name for prefix, name in modules.items()
                      if module == prefix or module.startswith(prefix + ".")), HOST_BRANCH)
        for table in mapper.tables:
            owners.setdefault(table.name, owner)
    for table in Model.metadata.tables.values():  # association tables
        owners.setdefault(table.name, HOST_BRANCH)
    return owners


def upgrade(app, revision: str = "heads") -> None:
    """Migrate, synchronise permissions and, at the heads, load the addons' default
    data into the sites enabling them (sites enabled before a release shipped it)."""
    from alembic import command

    command.upgrade(alembic_config(app), revision)
    sync_permissions(app)
    if revision == "heads":
        data.load_enabled()
        db.session.commit()


def check(app) -> None:
    from alembic import command

    command.check(alembic_config(app))


def revision(app, owner: str, message: str, autogenerate: bool = True) -> None:
    """New revision on ``owner``'s branch (``host`` or an addon name)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(app, only_owner=owner)

    script = ScriptDirectory.from_config(config)
    has_branch = any(owner in (rev.branch_labels or ()) for rev in script.walk_revisions())
    if owner == HOST_BRANCH:
        version_path = os.path.join(CORE_MIGRATIONS, "versions")
        depends = None
    else:
        version_path = os.path.join(app.extensions["erp_addons"][owner].path, "migrations")
        os.makedirs(version_path, exist_ok=True)
        depends = [HOST_BRANCH] + list(app.extensions["erp_addons"][owner].depends)
    if has_branch:
        command.revision(config, message=message, autogenerate=autogenerate,
                         head=f"{owner}@head")
    else:
        command.revision(config, message=message, autogenerate=autogenerate,
                         head="base", branch_label=owner, version_path=version_path,
                         depends_on=depends)


def sync_permissions(app) -> None:
    """Create FAB's permissions, view-menus and built-in roles for every view."""
    from flask_appbuilder.security.manager import BaseSecurityManager

    appbuilder = app.appbuilder
    BaseSecurityManager.create_db(appbuilder.sm)  # the Admin role first: it gets all
    appbuilder.add_permissions(update_perms=True)
    appbuilder.session.commit()
    roles.sync(app)
