"""Every list page exported to XLSX or CSV, as the user sees it.

``GET /export/<view>.<xlsx|csv>?<the list page's own arguments>`` answers the rows
of the model view ``<view>`` (its FAB endpoint, e.g. ``ServiceRequestView``) with
the filters (``_flt_*``) and the order (``_oc_*``/``_od_*``) that were on screen —
all pages, not just the one shown.  The scope is the one underneath every query
(``core.scope``): a dealer exports only their dealer's rows.  Columns are the
list's columns under their labels, values as the list shows them (codes by their
translated names, times in the site's zone, Yes / No).

Rows are read in batches (one query, fetched ``BATCH`` rows at a time) and written as they come — CSV with ``csv.writer``, XLSX
with openpyxl's ``write_only`` workbook — into a spooled temporary file (on disk
beyond a few MB) that the answer then streams; the whole table is never held in
memory.  The rows are read inside the request, where the user's scope is: a
generator run after the view returned would query without it.  A text cell that a spreadsheet
would run as a formula is neutralised (:func:`neutralise`).

Every ``ModelView`` of every addon gets it without naming any: the list template
(``core/templates/appbuilder/general/model/list.html``) shows the two buttons.
"""
from __future__ import annotations

import copy
import csv
import datetime
import decimal
import enum
import functools
import io
import itertools
import re
import tempfile

from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask_appbuilder import ModelView
from flask_appbuilder.urltools import get_filter_args, get_order_args
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from core.names import remembered

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
    from core.security import addon_enabled_for, addon_map

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
    """The rows of a view's list with the request's filters and order, batch by batch."""

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

    def batches(self):
        datamodel = self.view.datamodel
        query = datamodel.apply_all(datamodel.session.query(datamodel.obj), self.filters,
                                    *self.order)
        # the primary key breaks ties, so the same rows always come in the same order
        query = query.order_by(*datamodel.obj.__mapper__.primary_key)
        # the rows the list names (a record's technician, its rule) in one query per
        # batch, not one each: they are not kept between batches, so a lazy load would
        # fetch the same technician again and again.  Not where the view's interface
        # loads them its own way (core.fab_workarounds.EagerListInterface).
        relationships = datamodel.obj.__mapper__.relationships
        shown = {column.split(".")[0] for column in self.columns} & set(relationships.keys())
        if shown and not getattr(datamodel, "loader_options", None):
            query = query.options(*[selectinload(getattr(datamodel.obj, name))
                                    for name in sorted(shown)])
        # one query whose rows are fetched BATCH at a time (a server-side cursor on
        # PostgreSQL), not a page per LIMIT/OFFSET, which re-reads the rows it skips:
        # quadratic in the table's size
        batch = []
        for item in query.yield_per(BATCH):
            batch.append(self.row(item))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def row(self, item) -> list:
        formatters = self.view.formatters_columns
        values = []
        for column in self.columns:
            value = _attr_value(item, column)
            formatter = formatters.get(column)
            if formatter is not None:
                value = formatter(value)
            values.append(cell_value(value))
        return values

    def csv_file(self):
        """UTF-8 with a BOM, so that spreadsheets read Chinese names; rewound."""
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([neutralise(label) for label in self.labels])
        with remembered():
            for rows in self.batches():
                for row in rows:
                    writer.writerow([neutralise(_csv_text(value)) for value in row])
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
