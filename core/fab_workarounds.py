"""Every place where the host works around Flask-AppBuilder, in one module.

Each workaround says which FAB version (and issue, where there is one) it works
around, and names the test that fails without it, so that it can be dropped the
day FAB no longer needs it.  Code elsewhere calls into this module instead of
patching FAB itself.
"""
from __future__ import annotations


# --- @rison validates its JSON schema against the meta-schema on every request --------
# FAB 5.3's ``flask_appbuilder.api.rison`` calls ``jsonschema.validate(instance,
# schema)``, which checks the (constant) schema against the draft's meta-schema
# before each validation: 5.2 ms a call against 0.01 ms with a validator built once
# (issue 12, py-spy on the list API).  The module FAB calls is replaced, inside
# ``flask_appbuilder.api`` only, by one that builds each schema's validator once and
# answers the same errors.  Proved by tests/test_fab_workarounds.py::
# test_rison_schema_is_checked_once_and_still_refuses_bad_arguments.

class _RisonValidatorOnce:
    """Stands for the ``jsonschema`` module inside ``flask_appbuilder.api``."""

    def __init__(self, module):
        self._module = module
        self._validators: dict[int, tuple] = {}

    def __getattr__(self, name):
        return getattr(self._module, name)

    def validate(self, instance, schema, cls=None, *args, **kwargs):
        entry = self._validators.get(id(schema))
        if entry is None or entry[0] is not schema:
            validator_class = cls or self._module.validators.validator_for(schema)
            validator_class.check_schema(schema)
            entry = self._validators[id(schema)] = (schema, validator_class(schema))
        error = self._module.exceptions.best_match(entry[1].iter_errors(instance))
        if error is not None:
            raise error


def validate_rison_schemas_once() -> None:
    import flask_appbuilder.api as fab_api

    if not isinstance(fab_api.jsonschema, _RisonValidatorOnce):
        fab_api.jsonschema = _RisonValidatorOnce(fab_api.jsonschema)


# --- a list statement built with one load_only option per listed column ---------------
# FAB 5.3's ``SQLAInterface.apply_inner_select_joins`` adds ``load_only`` once per
# listed column, and ``query_count`` builds them all again for the count, where they
# are thrown away: for a 30-column list, 60 options built and merged per request,
# a quarter of a list request's CPU (cProfile on bench/wrk.py's list).  One option
# naming every plain column loads the same columns; the count gets only the joins
# its dotted columns need and counts the ids (see core.base.ErpSQLAInterface).
# Proved by tests/test_list_count.py (the count selects the id alone, the totals are
# right) and tests/test_fab_workarounds.py::test_a_list_loads_its_columns_with_one_option.

def plain_columns_in_one_option(interface, query, select_columns, aliases_mapping, joins):
    """``joins`` is FAB's ``apply_inner_select_joins``, given the dotted columns only."""
    from flask_appbuilder.models.sqla.interface import is_column_dotted
    from sqlalchemy.orm import Load

    if not select_columns:
        return query
    # which listed columns are plain is the same at every request: asked once
    known = interface.__dict__.setdefault("_erp_plain_columns", {})
    key = tuple(select_columns)
    if key not in known:
        known[key] = ([column for column in key if is_column_dotted(column)],
                      [getattr(interface.obj, column) for column in key
                       if not is_column_dotted(column) and not interface.is_relation(column)
                       and not interface.is_property_or_function(column)])
    dotted, plain = known[key]
    query = joins(query, dotted, aliases_mapping)
    return query.options(Load(interface.obj).load_only(*plain)) if plain else query


def count_ids(interface, query, filters, select_columns) -> int:
    """The ids under the list's criteria, counted: FAB 5.3 counts a subquery of every
    listed column, which PostgreSQL reads from the table; the ids come from the
    list's index (core.indexes)."""
    from flask_appbuilder.models.sqla.interface import is_column_dotted

    dotted = [column for column in select_columns or () if is_column_dotted(column)]
    inner = interface._apply_inner_all(query, filters, select_columns=dotted,
                                       aliases_mapping={})
    return inner.with_entities(interface.get_pk()).order_by(None).count()
