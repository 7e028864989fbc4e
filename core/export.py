"""Every list page exported to XLSX or CSV, as the user sees it.

``GET /export/<view>.<xlsx|csv>?<the list page's own arguments>`` answers the rows
of the model view ``<view>`` (its FAB endpoint, e.g. ``ServiceRequestView``) with
the filters (``_flt_*``) and the order (``_oc_*``/``_od_*``) that were on screen —
all pages, not just the one shown.  The scope is the one underneath every query
(``core.scope``): a dealer exports only their dealer's rows.  Columns are the
list's columns under their labels, values as the list shows them (codes by their
translated names, times in the site's zone, Yes / No).

Rows are read in batches (one query, fetched ``BATCH`` rows at a time) and written
as they come — CSV with ``csv.writer``, XLSX with openpyxl's ``write_only`` workbook
— into a spooled temporary file (on disk beyond a few MB) that the answer then
streams; the whole table is never held in memory.  Where every list column can be
read from plain columns — a column, a many-to-one relationship, an attribute
declared ``core.names.computed`` — the query selects just those columns, no row
objects, and a code's name or a named row is made once per distinct value
(:class:`SelectedColumns`); otherwise it loads the row objects.  Both give the
same cells.  The rows are read inside the request, where the user's scope is: a
generator run after the view returned would query without it.  A text cell that a
spreadsheet would run as a formula is neutralised (:func:`neutralise`).

Every ``ModelView`` of every addon gets it without naming any: the list template
(``core/templates/appbuilder/general/model/list.html``) shows the two buttons.
"""
from __future__ import annotations

import codecs
import copy
import csv
import datetime
import decimal
import enum
import functools
import inspect
import io
import itertools
import operator
import re
import tempfile
from collections.abc import Iterator
from typing import NamedTuple

import sqlalchemy
from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask_appbuilder import ModelView
from flask_appbuilder.urltools import get_filter_args, get_order_args
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import MANYTOONE, RelationshipProperty, selectinload
from sqlalchemy.orm.exc import UnmappedColumnError
from werkzeug.wsgi import wrap_file

from core import localtime
from core.base import plain_value
from core.localtime import local_datetime
from core.names import computed, remembered
from core.security import addon_enabled_for, addon_map

#: first characters a spreadsheet reads as a formula (or that hide one)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("xlsx", "csv")
BATCH = 500
SPOOL_BYTES = 4 * 1024 * 1024  # beyond this the file is on disk
MAX_WIDTH = 60
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

blueprint = Blueprint("erp_export", __name__)


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading ``'``;
    numbers and dates stay what they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def json_file(document: dict, convert=None):
    """``document`` written into a spooled temporary file (on disk beyond a few MB)
    as the app's JSON answers write it — ``current_app.json``'s key order, escaping
    and layout, then a line end — and rewound.  A value that is an iterator is
    written as an array, item by item, never held whole; a callable is called when
    its key's turn comes, so it may give what the items before it added up (a
    report's totals after its rows: the keys come sorted, or in the dict's order).
    ``convert`` makes each value and each item what is written."""
    provider = current_app.json
    convert = convert or _same
    # the layout of provider.response: indented in debug mode unless told otherwise
    indent = 2 if provider.compact is False or (
        provider.compact is None and current_app.debug) else None
    separators = (",", ": ") if indent else (",", ":")

    def line(depth: int) -> str:
        return "\n" + " " * (indent * depth) if indent else ""

    def dumps(value, depth: int) -> str:
        text = provider.dumps(convert(value), indent=indent, separators=separators)
        # a string's line ends are escaped: each one here starts a line of the layout
        return text.replace("\n", line(depth)) if indent else text

    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    text.write("{")
    for number, key in enumerate(sorted(document) if provider.sort_keys else document):
        value = document[key]
        text.write(("," if number else "") + line(1)
                   + provider.dumps(key, separators=separators) + separators[1])
        if isinstance(value, Iterator):
            text.write("[")
            written = 0
            for written, item in enumerate(value, 1):
                text.write(("," if written > 1 else "") + line(2) + dumps(item, 2))
            text.write((line(1) if written else "") + "]")
        else:
            text.write(dumps(value() if callable(value) else value, 1))
    text.write((line(0) if document else "") + "}\n")
    text.flush()
    text.detach()  # the spool stays open for the answer
    spool.seek(0)
    return spool


def spooled_response(spool, content_type: str):
    """The answer sending ``spool``, a file written during the request (where its
    scope and session are), from its start in chunks, with its length."""
    size = spool.seek(0, io.SEEK_END)
    spool.seek(0)
    response = current_app.response_class(wrap_file(request.environ, spool),
                                          content_type=content_type, direct_passthrough=True)
    response.content_length = size
    return response


def init_app(app) -> None:
    app.register_blueprint(blueprint)
    app.jinja_env.globals["erp_export_links"] = export_links


def exportable_view(endpoint: str):
    view = current_app.extensions.get("erp_views_by_blueprint", {}).get(endpoint)
    return view if isinstance(view, ModelView) else None


def export_links() -> list[tuple[str, str, str]]:
    """(format, label, url) for the list page being drawn, with its arguments;
    none when the page is not a model view's list."""
    view = exportable_view(request.blueprint or "")
    if view is None or not request.endpoint or not request.endpoint.endswith(".list"):
        return []
    args = request.args.to_dict(flat=False)
    return [(fmt, label, url_for("erp_export.export", view_name=view.endpoint, fmt=fmt, **args))
            for fmt, label in (("xlsx", _("Export to Excel")), ("csv", _("Export to CSV")))]


@blueprint.route("/export/<view_name>.<fmt>")
def export(view_name, fmt):
    if fmt not in FORMATS:
        abort(404)
    view = exportable_view(view_name)
    if view is None:
        abort(404)
    if not current_user.is_authenticated:
        return redirect(url_for(current_app.appbuilder.sm.auth_view.endpoint + ".login",
                                next=request.full_path))
    addon = addon_map().owner_of_view(view.class_permission_name)
    if addon is not None and not addon_enabled_for(current_user, addon):
        abort(404)  # as if the addon did not exist for this site
    if not current_app.appbuilder.sm.has_access("can_list", view.class_permission_name):
        abort(403)
    table = ListTable(view)
    name = f"{_file_stem(view)}-{datetime.datetime.now():%Y%m%d-%H%M}.{fmt}"
    if fmt == "csv":
        return send_file(table.csv_file(), mimetype="text/csv", as_attachment=True,
                         download_name=name, max_age=0)
    return send_file(table.xlsx_file(), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=name, max_age=0)


def _file_stem(view) -> str:
    title = str(view.list_title or view.endpoint)
    return re.sub(r"[\\/:*?\"<>|\s]+", "-", title).strip("-") or view.endpoint


class ListTable:
    """The rows of a view's list with the request's filters and order, batch by batch.

    Two ways to read them, giving the same rows (``tests/test_export.py`` compares
    them on every list of the installed addons): where every list column can be read
    from plain columns (:func:`column_readings`), one select of just those columns
    and no row objects (:class:`SelectedColumns`); otherwise the row objects,
    each column read as FAB's list reads it."""

    def __init__(self, view):
        self.view = view
        self.columns = list(view.list_columns)
        self.labels = [str(view.label_columns.get(column, column)) for column in self.columns]
        filters = copy.copy(view._filters)  # FAB keeps its own per view: never touch it
        get_filter_args(filters)
        self.filters = filters.get_joined_filters(view._base_filters)
        order_column, order_direction = get_order_args().get(type(view).__name__, ("", ""))
        if order_column not in (view.order_columns or ()):
            order_column, order_direction = "", ""
        if not order_column and view.base_order:
            order_column, order_direction = view.base_order
        self.order = (order_column, order_direction)
        self.readings = column_readings(view)

    def query(self):
        datamodel = self.view.datamodel
        query = datamodel.apply_all(datamodel.session.query(datamodel.obj), self.filters,
                                    *self.order)
        # the primary key breaks ties, so the same rows always come in the same order
        return query.order_by(*datamodel.obj.__mapper__.primary_key)

    def batches(self, cell=None):
        """Lists of rows, each row's values as ``cell`` makes them of the list's
        values (:func:`cell_value` by default, :func:`csv_cell` for CSV)."""
        cell = cell or cell_value
        if self.readings is None:
            return self.object_batches(cell)
        return self.selected_batches(cell)

    def selected_batches(self, cell):
        columns = SelectedColumns(self.view, self.readings, cell)
        # one query whose rows are fetched BATCH at a time (a server-side cursor on
        # PostgreSQL), not a page per LIMIT/OFFSET, which re-reads the rows it skips:
        # quadratic in the table's size.  An ORM select of columns: the scope's
        # criteria (core.scope) apply to it as to the row objects
        statement = self.query().with_entities(*columns.selected).statement
        result = self.view.datamodel.session.execute(
            statement, execution_options={"yield_per": BATCH})
        for batch in result.partitions():
            yield columns.cells(batch)

    def object_batches(self, cell):
        datamodel = self.view.datamodel
        query = self.query()
        # the rows the list names (a record's technician, its rule) in one query per
        # batch, not one each: they are not kept between batches, so a lazy load would
        # fetch the same technician again and again.  Not where the view's interface
        # loads them its own way (core.fab_workarounds.EagerListInterface).
        relationships = datamodel.obj.__mapper__.relationships
        shown = {column.split(".")[0] for column in self.columns} & set(relationships.keys())
        if shown and not getattr(datamodel, "loader_options", None):
            query = query.options(*[selectinload(getattr(datamodel.obj, name))
                                    for name in sorted(shown)])
        formatters = self.view.formatters_columns
        readers = [(column, formatters.get(column) or _same) for column in self.columns]
        items = iter(query.yield_per(BATCH))
        while batch := list(itertools.islice(items, BATCH)):
            yield [[cell(formatter(_attr_value(item, column))) for column, formatter in readers]
                   for item in batch]

    def csv_file(self):
        """UTF-8 with a BOM, so that spreadsheets read Chinese names; rewound."""
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")
        # the BOM written here and plain UTF-8 after it, as utf-8-sig writes them:
        # its encoder is Python code called for every row, UTF-8's is C
        spool.write(codecs.BOM_UTF8)
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([neutralise(label) for label in self.labels])
        with remembered():
            for rows in self.batches(csv_cell):
                writer.writerows(rows)
        text.flush()
        text.detach()  # the spool stays open for the answer
        spool.seek(0)
        return spool

    def xlsx_file(self):
        """The workbook in a temporary file (on disk beyond a few MB), rewound."""
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(SHEET_FORBIDDEN.sub(" ", _file_stem(self.view))[:31])
        with remembered():
            batches = self.batches()
            first = next(batches, [])
            # widths before any row (write_only writes them first): from the labels and
            # the first batch
            for index, label in enumerate(self.labels):
                width = max([display_width(label)]
                            + [display_width(row[index]) for row in first])
                sheet.column_dimensions[get_column_letter(index + 1)].width = min(
                    width + 2, MAX_WIDTH)
            sheet.freeze_panes = "A2"
            sheet.append([neutralise(label) for label in self.labels])
            for batch in itertools.chain([first], batches):
                for row in batch:
                    sheet.append([_xlsx_cell(neutralise(value)) for value in row])
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        workbook.save(spool)
        spool.seek(0)
        return spool


# --- reading a list's columns with one select -------------------------------------

#: distinct values whose cells a column keeps (codes, the rows it names); beyond,
#: it starts again, so a column of distinct values costs bounded memory
REMEMBERED = 20_000


class Plain(NamedTuple):
    name: str  # a column attribute


class Related(NamedTuple):
    relation: RelationshipProperty  # a many-to-one relationship on one key
    path: tuple[str, ...]  # the attributes followed from the related row, if any


class Computed(NamedTuple):
    attribute: computed


def column_readings(view) -> list | None:
    """How each list column of ``view`` is read from a select of plain columns, or
    None when one cannot be (a property or a method of the row, a to-many
    relationship, a relationship on more than a key): the list is then read from the
    row objects."""
    datamodel = view.datamodel
    if getattr(datamodel, "loader_options", None):  # core.fab_workarounds loads its own
        return None
    readings = [_reading(datamodel.obj, column) for column in view.list_columns]
    return None if any(reading is None for reading in readings) else readings


def _reading(model, column: str):
    mapper = sqlalchemy.inspect(model)
    name, _dot, path = column.partition(".")
    if name in mapper.relationships:
        relation = mapper.relationships[name]
        if _key_of(relation) is None:
            return None
        return Related(relation, tuple(path.split(".")) if path else ())
    if path:
        return None
    if name in mapper.column_attrs:
        return Plain(name)
    attribute = inspect.getattr_static(model, name, None)
    if isinstance(attribute, computed) and all(
            input_column in mapper.column_attrs for input_column in attribute.columns):
        return Computed(attribute)
    return None


def _key_of(relation):
    """The row's column property holding the related row's primary key, for a
    many-to-one relationship joined on that alone; None for any other."""
    if relation.direction is not MANYTOONE or relation.secondary is not None \
            or len(relation.local_remote_pairs) != 1:
        return None
    local, remote = relation.local_remote_pairs[0]
    if list(relation.mapper.primary_key) != [remote] \
            or not relation.primaryjoin.compare(remote == local):
        return None
    try:
        return relation.parent.get_property_by_column(local)
    except UnmappedColumnError:  # a key column no attribute maps: nothing to select
        return None


class SelectedColumns:
    """A list's columns read from one select of the plain columns they need, each
    value made the cell the row object would give (``_attr_value``, the view's
    formatter, ``cell``), computed once per distinct value where a column holds
    few: a code's name, a computed name, the row a column names."""

    def __init__(self, view, readings: list, cell):
        model = view.datamodel.obj
        self.session = view.datamodel.session
        formatters = view.formatters_columns
        zone = localtime.user_zone()
        self.selected = []  # one per list column, then the other inputs of computed ones
        self.converters = []  # the cell of each list column from its selected value
        self.combined = []  # (index, its inputs from the row, cell) of multi-input ones
        # (index, cells by key, relationship, cell of a related row) of each relation
        self.related = []
        others = []
        for index, (column, reading) in enumerate(zip(view.list_columns, readings)):
            if isinstance(reading, Plain):
                attribute = getattr(model, reading.name)
                self.selected.append(attribute)
                self.converters.append(
                    _column_cell(attribute, formatters.get(column), cell, zone))
                continue
            formatter = _quicker(formatters.get(column), zone)
            if isinstance(reading, Related):
                key = _key_of(reading.relation)
                self.selected.append(getattr(model, key.key))
                cells = {}
                self.converters.append(cells.__getitem__)  # filled per batch
                self.related.append((index, cells, reading.relation, _chain(
                    cell, formatter, functools.partial(_follow, reading.path))))
            else:
                inputs = [getattr(model, name) for name in reading.attribute.columns]
                function = reading.attribute.function
                if len(inputs) > 1:
                    function = functools.partial(_star, function)  # of the inputs' tuple
                convert = _chain(cell, formatter, _listed, function)
                if all(_hashable(attribute) for attribute in inputs):
                    convert = Remembered(convert).__getitem__
                self.selected.append(inputs[0])
                if len(inputs) == 1:
                    self.converters.append(convert)
                    continue
                positions = [index] + [len(view.list_columns) + len(others) + number
                                       for number in range(len(inputs) - 1)]
                others.extend(inputs[1:])
                self.converters.append(_LATER)
                self.combined.append((index, operator.itemgetter(*positions), convert))
        self.selected.extend(others)

    def cells(self, batch: list) -> list[list]:
        """The rows of one batch as cells."""
        for index, cells, relation, cell in self.related:
            self._load_related(batch, index, cells, relation, cell)
        rows = []
        for row in batch:
            values = list(map(operator.call, self.converters, row))
            for index, inputs, convert in self.combined:
                values[index] = convert(inputs(row))
            rows.append(values)
        return rows

    def _load_related(self, batch, index, cells, relation, cell) -> None:
        """The cells of the rows this batch names that no batch named before, from
        one query (in the scope: a row the reader may not see is no row, as for
        the row objects' relationship)."""
        keys = {row[index] for row in batch}
        missing = keys.difference(cells)
        if not missing:
            return
        if len(cells) + len(missing) > REMEMBERED:
            cells.clear()
            missing = keys
        target = relation.mapper
        key_name = target.get_property_by_column(target.primary_key[0]).key
        found = {}
        wanted = [key for key in missing if key is not None]
        if wanted:
            statement = sqlalchemy.select(target.class_).where(
                getattr(target.class_, key_name).in_(wanted))
            for item in self.session.scalars(statement):
                found[getattr(item, key_name)] = item
        for key in missing:
            cells[key] = cell(found.get(key))


def _quicker(formatter, zone):
    """A formatter that gives the same answers with less work, or None for
    nothing to do."""
    if formatter is plain_value:
        return None  # cell_value does the same: nothing for None, Yes / No
    if formatter is local_datetime:
        return functools.partial(local_datetime, zone=zone)  # the zone looked up once
    return formatter


def _column_cell(attribute, formatter, cell, zone):
    """The cell of a plain column's value: once per distinct value for codes (named
    by the view's ``value_labels``), booleans and enumerations."""
    python_type = _python_type(attribute)
    formatter = _quicker(formatter, zone)
    read = _listed if python_type in (None, enum.Enum) else None
    convert = _chain(cell, formatter, read)
    by_value = (getattr(formatter, "codes", None) is not None
                or python_type in (bool, enum.Enum))
    if by_value and _hashable(attribute):
        return Remembered(convert).__getitem__
    return convert


class Remembered(dict):
    """``convert(value)`` once per distinct value, read as ``remembered[value]``
    (of codes: a few dozen among 100,000 rows); at most ``REMEMBERED`` kept."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        if len(self) >= REMEMBERED:
            self.clear()
        cell = self[value] = self.convert(value)
        return cell


def _chain(*functions):
    """The composition of ``functions`` (the last applied first), Nones left out."""
    return functools.reduce(_compose, [function for function in functions
                                       if function is not None])


def _compose(outer, inner):
    return lambda value: outer(inner(value))


def _star(function, values):
    return function(*values)


#: the converter of a column computed from several (its cell is made from the row
#: afterwards): any function of one value; a C one costs less than a Python one
_LATER = id


def _python_type(attribute):
    """The Python type of a column's values; enum.Enum for any enumeration, None
    when the type does not say."""
    try:
        python_type = attribute.property.columns[0].type.python_type
    except (NotImplementedError, AttributeError):
        return None
    return enum.Enum if issubclass(python_type, enum.Enum) else python_type


def _hashable(attribute) -> bool:
    python_type = _python_type(attribute)
    return python_type is not None and python_type.__hash__ is not None


def _follow(path: tuple, item):
    """The value of a list column ``relation.a.b`` from the related row, as
    :func:`_attr_value` reads it from the row."""
    if not path:
        return item
    try:
        return functools.reduce(getattr, path, item)
    except Exception:
        return ""


def _same(value):
    return value


_MISSING = object()


def _attr_value(item, column):
    """A list column's value as FAB's ``_get_attr_value`` reads it (an attribute, a
    method called, ``a.b`` followed, an enum's value), each attribute read once: FAB
    reads it three times, and a computed column (a translated name) costs as much
    each time."""
    value = getattr(item, column, _MISSING)
    if value is _MISSING:  # it's an inner obj attr
        try:
            return functools.reduce(getattr, column.split("."), item)
        except Exception:
            return ""
    return _listed(value)


def _listed(value):
    """What a list shows of an attribute's value: a method called, an enum's value."""
    if hasattr(value, "__call__"):
        return value()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def cell_value(value):
    """A list value as a cell: text for rows and lists, numbers and dates kept."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (int, float, decimal.Decimal, datetime.date)):
        return value
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(cell_value(part)) for part in value)
    return str(value)


def csv_cell(value) -> str:
    """A list value as CSV text: :func:`cell_value`, times to the minute, formulas
    neutralised."""
    kind = value.__class__
    if kind is str:  # most cells: cell_value and _csv_text leave them as they are
        text = value
    elif kind is int:
        text = str(value)
    else:
        text = _csv_text(cell_value(value))
    return neutralise(text)


def display_width(value) -> int:
    """Characters a cell needs; a Chinese character takes two."""
    text = str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _csv_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.strftime("%Y-%m-%d %H:%M")  # openpyxl refuses aware times
    return value
