"""Alembic environment: the app's engine, FAB's metadata, one owner at a time when
autogenerating a branch's revision."""
from alembic import context
from flask import current_app
from flask_appbuilder import Model

from core.extensions import db
from core.migrate import table_owners

config = context.config
only_owner = config.attributes.get("only_owner")
owners = table_owners()


def include_object(obj, name, type_, reflected, compare_to):
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    if table is None:
        return True
    if table == "alembic_version":
        return False
    owner = owners.get(table)
    if owner is None:  # a table in the database that no installed code maps
        return False
    return only_owner is None or owner == only_owner


def run_migrations_online():
    engine = db.engine
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Model.metadata,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


assert current_app, "migrations run inside the app (erp db …)"
run_migrations_online()
