"""What stored codes are called on the pages: record types, actions, states, roles.

The audit trail stores codes (``penalty_record``, ``hr_approve``, ``verified``) so
that it reads the same in every language; the pages show them by name.  Names come
from what the addons already declare — a model view's ``show_title``, a
transition's label, a view's ``value_labels`` for the state column; a model with no
page of its own names itself with ``__label__ = _l("…")`` — so the host names no
addon.  An unknown code is shown as it is.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools

from flask import current_app
from flask_appbuilder import Model, ModelView
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.roles import CORE_ROLES

ACTIONS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
# host tables without a page of their own
HOST_TABLES = {"site_addon": _l("Addon of a site"), "site_setting": _l("Site setting")}
SYSTEM_ADMIN = _l("System Admin")
_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("erp_names", default=None)


@contextlib.contextmanager
def remembered():
    """Inside, each name is looked up and translated once: an export's 100,000
    audit rows hold a few dozen codes, and a translation costs more than the rest of
    the row.  For one request's work (its language does not change inside)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remember(function):
    """Makes ``function`` (of hashable codes, answering a name) remembered inside
    :func:`remembered`; outside, it runs every time.  For the names of codes an
    export writes on every row (a sanction's text, a state)."""
    @functools.wraps(function)
    def name(*args):
        memo = _MEMO.get()
        if memo is None:
            return function(*args)
        key = (function, *args)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = function(*args)
            return value

    return name


def _views_by_table() -> dict:
    """table name -> the model views that show its rows (built once per app)."""
    cache = current_app.extensions.get("erp_views_by_table")
    if cache is None:
        cache = {}
        for view in current_app.appbuilder.baseviews:
            if isinstance(view, ModelView):
                table = getattr(view.datamodel.obj, "__tablename__", None)
                cache.setdefault(table, []).append(view)
        current_app.extensions["erp_views_by_table"] = cache
    return cache


@remember
def model_name(table: str) -> str:
    if table in HOST_TABLES:
        return str(HOST_TABLES[table])
    for view in _views_by_table().get(table, []):
        if view.show_title:
            return str(view.show_title)
    label = _labels_by_table().get(table)
    return str(label) if label is not None else table


def _labels_by_table() -> dict:
    """table name -> the ``__label__`` of its model, for models without a page (built
    once per app: the audit list asks for every row)."""
    cache = current_app.extensions.get("erp_labels_by_table")
    if cache is None:
        cache = current_app.extensions["erp_labels_by_table"] = {
            mapper.class_.__tablename__: mapper.class_.__label__
            for mapper in Model.registry.mappers
            if getattr(mapper.class_, "__label__", None)
            and getattr(mapper.class_, "__tablename__", None)}
    return cache


@remember
def action_name(table: str, action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    for view in _views_by_table().get(table, []):
        transitions = getattr(view.datamodel.obj, "transitions", None)
        if transitions is not None and action in transitions():
            return transitions()[action].title
    return action


@remember
def state_name(table: str, state: str | None) -> str:
    if not state:
        return ""
    for view in _views_by_table().get(table, []):
        column = getattr(view.datamodel.obj, "__state_column__", "state")
        labels = getattr(view, "value_labels", {}).get(column) or {}
        if state in labels:
            return str(labels[state])
    return state


def role_name(name: str) -> str:
    if name == current_app.config.get("AUTH_ROLE_ADMIN"):
        return str(SYSTEM_ADMIN)
    label = CORE_ROLES.get(name)
    return str(label) if label is not None else _(name)


def role_names(roles) -> str:
    return ", ".join(role_name(role.name) for role in roles or ())


class computed(property):
    """A read-only attribute that is a function of some of its row's own columns and
    of nothing else of the row (no relationship, no other attribute), such as a code's
    name: ``sanction_text = computed(describe_sanction, "sanction", "amount",
    "quantity")``.  The pages read it as any property.  A list export
    (``core.export``) reads just those columns with one select, no row objects, and
    calls ``function`` once per distinct combination of their values: it must give
    the same answer for the same values within one request (the reader's language
    may count, the row may not)."""

    def __init__(self, function, *columns: str, doc: str | None = None):
        def read(item):
            return function(*[getattr(item, column) for column in columns])

        super().__init__(read, doc=doc or function.__doc__)
        self.function = function
        self.columns = columns


def code_name(column: str, names: dict) -> computed:
    """A model's read-only attribute: the name of the code stored in ``column``, from
    ``names`` (a vocabulary of lazy translations, read in the reader's language), for
    show pages and exports: ``state_text = code_name("state", STATES)``.  An unknown
    code is shown as it is, no code as nothing."""
    def name(code) -> str:
        return "" if code is None else str(names.get(code, code))

    return computed(name, column, doc=f"The name of the stored {column}.")
