"""List arguments of pages and of the REST ``q``, checked before FAB or the database
sees them.

FAB trusts them: a list page sorts by any ``_oc_<View>`` it is given (the users'
password hashes, a Python property, a column that does not exist), ``int()``s every
``page_``/``psize_`` argument, and passes filter values on to the database whatever
their type; the REST API only checks that ``q`` is shaped like its schema.  The
outcome is a 500 (more of them on PostgreSQL, which refuses ``'maybe'`` for a
Boolean where SQLite shrugs) or data the view never meant to order by.

Here every argument is checked against what the view declares — its orderable
columns (real, sortable columns only), its search columns and the operations FAB
offers for each, the type of each column — and a mistake answers 400 with a
message: JSON under ``/api/``, the error page elsewhere.  Nothing is read from the
database.
"""
from __future__ import annotations

import decimal
import math
import re

from dateutil import parser as date_parser
from flask import abort, current_app, jsonify, request
from flask_appbuilder.api import ModelRestApi
from flask_appbuilder.baseviews import BaseCRUDView
from flask_babel import gettext as _
from sqlalchemy import JSON, inspect
from sqlalchemy.orm import ColumnProperty

from core.models import INTEGER_MAX
from core.numbers import whole_number

# never sorted or filtered on, whatever a view declares
SECRET_COLUMNS = frozenset({"password"})
# FAB reads these anywhere in an argument's name (re.findall, not match)
ORDER_COLUMN_ARG = re.compile("_oc_(.*)")
ORDER_DIRECTION_ARG = re.compile("_od_(.*)")
PAGE_ARG = re.compile("page_(.*)")
PAGE_SIZE_ARG = re.compile("psize_(.*)")
FILTER_ARG = re.compile(r"_flt_(\d)_(.*)")
FAB_FILTERS_MODULE = "flask_appbuilder.models.sqla.filters"
# the most rows a page lists at once (a whole 6S checklist is about 110 items)
PAGE_MAX_ROWS = 1000
TEXT_OPERATIONS = frozenset({"sw", "ew", "ct", "nsw", "new", "nct"})
LIST_OPERATIONS = frozenset({"in", "not_in"})
RELATION_OPERATIONS = frozenset({"rel_o_m", "nrel_o_m", "rel_m_m"})


class ListArgumentError(ValueError):
    """A list argument the view cannot take; the message says why (HTTP 400)."""


def init_app(app) -> None:
    app.before_request(check_list_arguments)


def check_list_arguments():
    view = current_app.extensions["erp_views_by_blueprint"].get(request.blueprint)
    if view is None or getattr(view, "datamodel", None) is None:
        return None
    try:
        if isinstance(view, ModelRestApi):
            _check_rest_q(view)
        elif isinstance(view, BaseCRUDView):
            _check_page_arguments(view)
    except ListArgumentError as error:
        if request.path.startswith("/api/"):
            return jsonify(message=str(error)), 400
        abort(400, description=str(error))
    return None


# --- what a view allows -------------------------------------------------------------

def orderable_columns(view) -> list[str]:
    """The view's ``order_columns`` that the database can sort by.  FAB's default
    takes every non-relation list column, Python properties included, which the
    database cannot sort by (a 500 when asked)."""
    return [column for column in view.order_columns or []
            if column not in SECRET_COLUMNS and _sortable(view.datamodel, column)]


def _sortable(datamodel, column: str) -> bool:
    model = datamodel.obj
    if "." in column:
        root, _dot, leaf = column.partition(".")
        if not datamodel.is_relation_many_to_one(root):
            return False
        model, column = datamodel.get_related_model(root), leaf
    attribute = getattr(model, column, None)
    rendered = getattr(attribute, "_col_name", None)  # FAB's @renders("column")
    if rendered is not None:
        column = rendered
    attributes = inspect(model).attrs
    return column in attributes and isinstance(attributes[column], ColumnProperty) \
        and not _is_json(attributes[column].columns[0])


def _is_json(column) -> bool:
    """PostgreSQL neither orders nor compares ``json`` (nor matches it with LIKE);
    SQLite stores it as text and would, so both refuse it alike."""
    return isinstance(getattr(column, "type", None), JSON)


def _search_filters(view) -> dict:
    return _filterable(view, view._filters.get_search_filters())


def _filterable(view, filters: dict) -> dict:
    table = view.datamodel.obj.__table__
    return {column: operations for column, operations in filters.items()
            if column not in SECRET_COLUMNS and not _is_json(table.c.get(column))}


# --- pages: _oc_, _od_, page_, psize_, _flt_ ----------------------------------------

def _check_page_arguments(view) -> None:
    lists = {type(view).__name__: view}
    lists.update({type(related).__name__: related
                  for related in getattr(view, "_related_views", None) or []})
    listing = (request.endpoint or "").endswith(".list")
    for argument in request.args:
        value = request.args.get(argument)
        for name in ORDER_COLUMN_ARG.findall(argument):
            target = lists.get(name)
            if target is None:
                raise ListArgumentError(_("There is no list %(name)s on this page.",
                                          name=name))
            _check_order_column(target, value)
        for _name in ORDER_DIRECTION_ARG.findall(argument):
            _check_order_direction(value)
        for _name in PAGE_ARG.findall(argument):
            _check_whole_number(argument, value, 0, INTEGER_MAX)
        for _name in PAGE_SIZE_ARG.findall(argument):
            _check_whole_number(argument, value, 1, PAGE_MAX_ROWS)
        for index, column in FILTER_ARG.findall(argument):
            _check_page_filter(view, int(index), column, request.args.getlist(argument),
                               listing)


def _check_page_filter(view, index: int, column: str, values: list, listing: bool) -> None:
    """``_flt_<index>_<column>``: the list filters by its search columns; the add and
    edit forms take any column's filter as a preset."""
    allowed = _search_filters(view) if listing else _filterable(
        view, view._filters._all_filters)
    if column not in allowed:
        raise ListArgumentError(_("%(column)s cannot be filtered on.", column=column))
    # FAB takes the filter by its index among every filter of the column
    filters = view._filters._all_filters.get(column) or []
    if index >= len(filters):
        raise ListArgumentError(_("Filter %(index)s is not available for %(column)s.",
                                  index=index, column=column))
    operation = filters[index]
    if operation.arg_name in LIST_OPERATIONS:
        _check_filter_value(view.datamodel, column, operation, values)
        return
    for value in values:
        _check_filter_value(view.datamodel, column, operation, value)


# --- the REST q -------------------------------------------------------------------

def _check_rest_q(view) -> None:
    if "q" not in request.args:
        return
    endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
    if endpoint not in ("get_list", "info"):
        return
    import prison

    try:
        q = prison.loads(request.args["q"])
    except Exception:  # noqa: BLE001 - the gate in core.security answers it first
        return
    if not isinstance(q, dict):
        raise ListArgumentError(_("The q argument must be an object, such as "
                                  "(page:0,page_size:25)."))
    if endpoint == "info":
        for key in ("add_columns", "edit_columns"):
            columns = q.get(key, {})
            if not isinstance(columns, dict) or not all(
                    isinstance(paging, dict) for paging in columns.values()):
                raise ListArgumentError(_("%(key)s must name columns with their page and "
                                          "page_size.", key=key))
            for paging in columns.values():
                _check_paging(paging)
        return
    if "order_column" in q:
        _check_order_column(view, q["order_column"])
    if "order_direction" in q:
        _check_order_direction(q["order_direction"])
    _check_paging(q)
    filters = q.get("filters", [])
    if not isinstance(filters, list):
        raise ListArgumentError(_("filters must be a list."))
    for item in filters:
        _check_rest_filter(view, item)


def _check_paging(arguments: dict) -> None:
    if "page" in arguments:
        _check_whole_number("page", arguments["page"], 0, INTEGER_MAX)
    if "page_size" in arguments:
        size = arguments["page_size"]
        if _max_page_size() == -1 and size == -1:
            return  # FAB_API_MAX_PAGE_SIZE = -1: -1 asks for every row
        _check_whole_number("page_size", size, 1, INTEGER_MAX)


def _check_rest_filter(view, item) -> None:
    if not isinstance(item, dict) or not {"col", "opr", "value"} <= set(item):
        raise ListArgumentError(_("Each filter needs col, opr and value."))
    column, operation = item["col"], item["opr"]
    allowed = _search_filters(view)
    if not isinstance(column, str) or column not in allowed:
        raise ListArgumentError(_("%(column)s cannot be filtered on.", column=column))
    chosen = next((flt for flt in allowed[column] if flt.arg_name == operation), None)
    if chosen is None:
        raise ListArgumentError(_("Filter %(index)s is not available for %(column)s.",
                                  index=operation, column=column))
    _check_filter_value(view.datamodel, column, chosen, item["value"])


# --- one argument -----------------------------------------------------------------

def _max_page_size() -> int:
    return current_app.config.get("FAB_API_MAX_PAGE_SIZE") or 100


def _check_order_column(view, column) -> None:
    allowed = orderable_columns(view)
    if not isinstance(column, str) or column not in allowed:
        raise ListArgumentError(_(
            "The list cannot be sorted by %(column)s; it can be sorted by: "
            "%(columns)s.", column=column, columns=", ".join(allowed) or "-"))


def _check_order_direction(direction) -> None:
    if direction not in ("asc", "desc"):
        raise ListArgumentError(_("The sort direction must be asc or desc."))


def _check_whole_number(name: str, value, low: int, high: int) -> None:
    number = whole_number(value)
    if number is None or not low <= number <= high:
        raise ListArgumentError(_("%(name)s must be a whole number from %(low)s to "
                                  "%(high)s.", name=name, low=low, high=high))


def _check_filter_value(datamodel, column: str, operation, value) -> None:
    """What FAB's filter does with ``value`` must neither fail nor reach the database
    as the wrong type."""
    name = operation.arg_name
    if type(operation).__module__ != FAB_FILTERS_MODULE:
        # a view's own filter: it takes a plain value and says what it means
        if not isinstance(value, (str, int, float, bool)):
            raise ListArgumentError(_("Give one value to filter %(column)s by.",
                                      column=column))
        return
    if name in RELATION_OPERATIONS:
        values = value if name == "rel_m_m" and isinstance(value, list) else [value]
        ids = [whole_number(each) for each in values]
        if not ids or any(row_id is None or not 0 <= row_id <= INTEGER_MAX
                          for row_id in ids):
            raise ListArgumentError(_("Filter %(column)s by the id of a row.",
                                      column=column))
        return
    if name in TEXT_OPERATIONS:
        if not isinstance(value, str):
            raise ListArgumentError(_("Filter %(column)s by text.", column=column))
        return
    if name in LIST_OPERATIONS:
        if not isinstance(value, list):
            raise ListArgumentError(_("Filter %(column)s by a list of values.",
                                      column=column))
        for each in value:
            _check_typed_value(datamodel, column, each)
        return
    _check_typed_value(datamodel, column, value)


def _check_typed_value(datamodel, column: str, value) -> None:
    """A value compared with the column (equal, greater…), as FAB converts it."""
    kind = _value_kind(datamodel, column, value)
    if kind is not None:
        raise ListArgumentError(_("%(value)s is not a valid value for %(column)s: give "
                                  "%(kind)s.", value=value, column=column, kind=kind))


def _value_kind(datamodel, column: str, value) -> str | None:
    """None when ``value`` suits ``column``, else what it should have been."""
    if datamodel.is_integer(column):
        number = whole_number(value)
        if number is None or not -INTEGER_MAX <= number <= INTEGER_MAX:
            return _("a whole number")
    elif datamodel.is_float(column) or datamodel.is_numeric(column):
        if not _is_number(value):
            return _("a number")
    elif datamodel.is_boolean(column):
        if not (isinstance(value, bool) or value == "y"):
            return _("true or false (y on a page)")
    elif datamodel.is_date(column) or datamodel.is_datetime(column):
        if not _is_time(value):
            return _("a date or time such as 2026-11-30 or 2026-11-30 08:00")
    elif datamodel.is_json(column):
        if not isinstance(value, (str, int, float, bool)):
            return _("one value")
    elif datamodel.is_enum(column):
        choices = list(getattr(datamodel.obj.__mapper__.columns[column].type, "enums", []))
        if value not in choices:
            return _("one of: %(choices)s", choices=", ".join(choices))
    elif not isinstance(value, str):
        return _("text")
    return None


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    if not isinstance(value, str) or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value,
                                                       re.ASCII):
        return False
    try:
        return decimal.Decimal(value).is_finite()
    except decimal.InvalidOperation:
        return False


def _is_time(value) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        date_parser.parse(value)
    except (ValueError, OverflowError):
        return False
    return True
