"""Every place where the host works around Flask-AppBuilder, in one module.

Each workaround says which FAB version (and issue, where there is one) it works
around, and names the test that fails without it, so that it can be dropped the
day FAB no longer needs it.  Code elsewhere calls into this module instead of
patching FAB itself.
"""
from __future__ import annotations


def row_action_not_offered(view, action_name, for_selected_rows: bool) -> bool:
    """FAB 5.3 calls a row action the way it is asked, not the way it is declared:
    ``action_post`` (the list's "with selected" menu) hands any action a list of
    rows, also one declared ``multiple=False`` that takes one row (the user list's
    ``resetpasswords``: ``item.id`` on a list); ``action/<name>/<pk>`` hands any
    action one row, also one declared ``single=False`` that loops over a list (the
    role list's ``copyrole``).  Either is a 500.  The pages never offer an action
    where it is not declared, so core.security's gate answers 404 for it, as for an
    unknown action.
    Fails without it: tests/test_bad_input.py::test_a_row_action_asked_where_it_is_not_offered_is_404
    """
    action = (getattr(view, "actions", None) or {}).get(action_name)
    if action is None:
        return False
    return not (action.multiple if for_selected_rows else action.single)


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
