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
