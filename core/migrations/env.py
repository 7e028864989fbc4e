"""Alembic environment: the app's engine, FAB's metadata, one owner at a time when
autogenerating a branch's revision."""
import logging

from alembic import context
from flask import current_app
from flask_appbuilder import Model

from core.extensions import db
from core.migrate import table_owners

log = logging.getLogger(__name__)
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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # a batch migration copies a table and drops the old one: with foreign
            # keys on, that drop deletes or refuses the rows pointing at it
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # else the migrations join this statement's transaction
        context.configure(
            connection=connection,
            target_metadata=Model.metadata,
            include_object=include_object,
            render_as_batch=sqlite,
            compare_type=True,
        )
        try:
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                # rows stored while SQLite did not check (before foreign keys were
                # turned on) are reported, not deleted: someone must decide
                for table, rowid, parent, _key in connection.exec_driver_sql(
                        "PRAGMA foreign_key_check").all():
                    log.warning("%s row %s points at a missing %s row", table, rowid, parent)
        finally:
            if sqlite:
                connection.rollback()  # what is left open, if the migrations failed
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


assert current_app, "migrations run inside the app (erp db …)"
run_migrations_online()
