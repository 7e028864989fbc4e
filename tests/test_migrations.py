"""Migrations on PostgreSQL: an empty database goes to every head; each addon's
branch goes down to its base and up again; the models and the migrations still
agree (`erp db check`).

Every branch the app knows is walked (the host's, each installed addon's, the
fixture addons'), so a new addon's migrations are covered the day it lands.  A
downgrade that fails, or leaves a table of its branch behind, fails here.
"""
from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core import migrate

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("ERP_TEST_DATABASE_URL"),
                       reason="needs ERP_TEST_DATABASE_URL (PostgreSQL)"),
]


@pytest.fixture
def empty_database():
    """A database of its own next to the test database, created empty and dropped
    after: the session's database keeps its data for the other tests."""
    url = make_url(os.environ["ERP_TEST_DATABASE_URL"])
    name = f"{url.database}_migrations"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture
def migrating_app(app_config, empty_database):
    from core import create_app
    from core.extensions import db

    app = create_app(dict(app_config, SQLALCHEMY_DATABASE_URI=empty_database))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def tables(app) -> set[str]:
    from core.extensions import db

    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names()) - {"alembic_version"}


def branch_tables(app) -> dict[str, set[str]]:
    """branch (``host`` or an addon) -> the tables its models own."""
    owned = {}
    for table, owner in migrate.table_owners().items():
        owned.setdefault(owner, set()).add(table)
    return owned


def addon_branches(config) -> list[str]:
    """Every branch label but the host's.  Taking down a branch that another
    depends on (fx_child on fx_base) takes that one down with it: Alembic follows
    ``depends_on``, and the upgrade after it brings both back."""
    script = ScriptDirectory.from_config(config)
    labels = {label for revision in script.walk_revisions()
              for label in revision.branch_labels or ()}
    return sorted(labels - {migrate.HOST_BRANCH})


def db_check(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["db", "check"])
    return result.exit_code, result.output


def test_every_addon_branch_goes_down_to_its_base_and_up_again(migrating_app):
    app = migrating_app
    with app.app_context():
        assert tables(app) == set()
        # `erp db upgrade` without its permission sync (slow, and no migration)
        config = migrate.alembic_config(app)
        command.upgrade(config, "heads")
        owned = branch_tables(app)
        assert tables(app) >= set().union(*owned.values())
        branches = addon_branches(config)
        assert {"service_policy", "inspection_6s", "technician_penalty",
                "fx_base", "fx_child"} <= set(branches)
        for branch in branches:
            command.downgrade(config, f"{branch}@base")
            left = tables(app)
            assert left.isdisjoint(owned.get(branch, set())), (branch, left)
            assert owned[migrate.HOST_BRANCH] <= left, branch
            command.upgrade(config, "heads")
            assert tables(app) >= set().union(*owned.values()), branch
        assert db_check(app) == (0, "Models and migrations agree.\n")


def test_the_whole_schema_goes_down_to_nothing_and_up_again(migrating_app):
    app = migrating_app
    with app.app_context():
        config = migrate.alembic_config(app)
        command.upgrade(config, "heads")
        command.downgrade(config, "base")
        assert tables(app) == set()
        command.upgrade(config, "heads")
        assert db_check(app) == (0, "Models and migrations agree.\n")
