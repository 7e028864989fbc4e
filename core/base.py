"""Base view and API classes for addons: scope errors as 422, stale writes and
illegal transitions as 409, transitions as ``POST /api/v1/<name>/<id>/<action>``
and as buttons on the show page.  Never a 500 for bad input, never SQL in a message.
"""
from __future__ import annotations

import copy
import datetime
import functools

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import (BaseView, ModelRestApi, ModelView, expose, has_access,
                             permission_name)
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.security.decorators import protect
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_jwt_extended import verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound
from wtforms.fields import DateTimeField

from core import counts, fab_workarounds, list_rows, localtime, validation
from core.extensions import db
from core.forms import STALE_MESSAGE, FormPages, flash_refusal
from core.indexes import list_order
from core.listargs import orderable_columns
from core.localtime import local_datetime
from core.models import INTEGER_MAX
from core.scope import ScopeViolation
from core.storage import DEFAULT_ALLOWED, FileRejected, save_upload
from core.workflow import InvalidInput, StaleVersion, TransitionRefused, Versioned, Workflow


class DataConflict(Exception):
    """A database constraint refused the change; the message holds no SQL."""


class ErpSQLAInterface(SQLAInterface):
    """FAB's interface with errors that carry no SQL and keep their meaning."""

    def _write(self, change, item, commit: bool) -> None:
        """``change(item)`` then commit; a refusal by the database — at the commit or
        at an autoflush that ``merge`` or a query sets off — carries no SQL."""
        try:
            change(item)
            if commit:
                self.session.commit()
        except (ScopeViolation, StaleDataError, InvalidInput):
            # InvalidInput: a check run by the flush (core.happened), not by the database
            self.session.rollback()
            raise
        except IntegrityError:
            self.session.rollback()
            raise DatabaseException() from DataConflict(
                _("The change conflicts with existing data (a duplicate or a missing "
                  "reference)."))
        except SQLAlchemyError:
            self.session.rollback()
            raise DatabaseException() from DataConflict(_("The database refused the change."))
        except Exception:
            # a model check (core.validation) or an event listener refused: nothing of
            # the change stays
            self.session.rollback()
            raise

    def query(self, filters=None, order_column="", order_direction="", page=None,
              page_size=None, select_columns=None, outer_default_load=False):
        read = list_rows.page(self, filters, order_column, order_direction, page,
                              page_size, select_columns)
        if read is not None:
            return read
        return super().query(filters, order_column, order_direction, page, page_size,
                             select_columns, outer_default_load)

    def query_count(self, query, filters=None, select_columns=None) -> int:
        return counts.count_rows(
            fab_workarounds.ids_to_count(self, query, filters, select_columns))

    def apply_inner_select_joins(self, query, select_columns=None, aliases_mapping=None):
        return fab_workarounds.plain_columns_in_one_option(
            self, query, select_columns, aliases_mapping, super().apply_inner_select_joins)

    def add(self, item, commit: bool = True) -> None:
        self._write(self.session.add, item, commit)

    def edit(self, item, commit: bool = True) -> None:
        self._write(self.session.merge, item, commit)

    def delete(self, item, commit: bool = True) -> None:
        self._write(self.session.delete, item, commit)


def _use_erp_interface(cls) -> None:
    fab_workarounds.use_interface(cls, ErpSQLAInterface)


def _is_workflow(model) -> bool:
    return isinstance(model, type) and issubclass(model, Workflow)


def _without_transitions_unless_a_workflow(view) -> None:
    """The ``transition`` route only where the model has transitions: a route per
    view that can only answer 404 costs start-up (Werkzeug compiles each rule) and
    shows in the OpenAPI document."""
    if not _is_workflow(view.datamodel.obj):
        view.exclude_route_methods = set(view.exclude_route_methods or ()) | {"transition"}


def _transition_permissions(model) -> set[str]:
    if _is_workflow(model):
        return {f"can_{name}" for name in model.transitions()}
    return set()


#: query parameters that mean the same on every resource taking them, declared once
#: in the OpenAPI components: an endpoint's YAML names them (``- site_id``)
MONTH_SCHEMA = {"type": "string", "example": "2026-11"}
QUERY_PARAMETERS = {
    "site_id": {"description": "system administrators only", "schema": {"type": "integer"}},
    "month": {"description": "YYYY-MM; the site's current month (so far) when absent",
              "schema": MONTH_SCHEMA},
    "required_month": {"name": "month", "required": True, "schema": MONTH_SCHEMA},
    "format": {"description": "json (the default) or an xlsx workbook",
               "schema": {"type": "string", "enum": ["json", "xlsx"]}},
}


def _object_body(media_type: str, **properties) -> dict:
    """An OpenAPI request body: an object of ``properties`` sent as ``media_type``."""
    return {"content": {media_type: {"schema": {"type": "object", "properties": properties}}}}


#: request bodies by name: an endpoint's YAML names one (``requestBody: reason``) and
#: the host writes it out, so that a body several endpoints take is written once
REQUEST_BODIES = {
    "reason": _object_body("application/json", reason={"type": "string"}),
    "transition": _object_body("application/json", reason={"type": "string"},
                               version={"type": "integer"}),
    "file": _object_body("multipart/form-data", file={"type": "string", "format": "binary"}),
}

#: what any endpoint of ours may answer besides its own answers — 401 without a token,
#: 422 for a malformed one, 403 without the permission; on a row's path also 404 (no
#: such row for the caller) — added by the host to the endpoint's OpenAPI YAML
STANDARD_ANSWERS = ("401", "403", "422")
ROW_ANSWERS = ("404",)


def _with_standard_answers(endpoint):
    """``endpoint``, its OpenAPI answers completed by the host (``STANDARD_ANSWERS``)."""
    endpoint.standard_answers = True
    return endpoint


class SharedOpenApi:
    """What the OpenAPI descriptions of every API share: ``QUERY_PARAMETERS`` among
    its components, and what the YAML of an endpoint leaves to the host — a body of
    ``REQUEST_BODIES`` it names, the path's ``{pk}`` (the row's id) and the standard
    answers."""

    def add_apispec_components(self, api_spec) -> None:
        super().add_apispec_components(api_spec)
        for name, parameter in QUERY_PARAMETERS.items():
            if name not in api_spec.components.parameters:
                api_spec.components.parameter(name, "query", parameter)

    def operation_helper(self, path=None, operations=None, methods=None, func=None,
                         **kwargs) -> None:
        super().operation_helper(path=path, operations=operations, methods=methods,
                                 func=func, **kwargs)
        of_a_row = "{pk}" in (path or "")
        for operation in operations.values():
            if not operation:
                continue
            body = operation.get("requestBody")
            if isinstance(body, str):
                operation["requestBody"] = copy.deepcopy(REQUEST_BODIES[body])
            if of_a_row:
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("in") == "path" and p.get("name") == "pk"
                           for p in parameters):
                    parameters.insert(0, {"in": "path", "name": "pk",
                                          "schema": {"type": "integer"}})
            if getattr(func, "standard_answers", False):
                answers = {str(code): answer
                           for code, answer in operation.get("responses", {}).items()}
                for code in STANDARD_ANSWERS + (ROW_ANSWERS if of_a_row else ()):
                    answers.setdefault(code, {"$ref": f"#/components/responses/{code}"})
                operation["responses"] = dict(sorted(answers.items()))


class CallersRows:
    """What a model's pages and its API share to load one row."""

    def row_or_404(self, pk):
        """Row ``pk`` if the caller may see it (loaded through the scoped ORM with the
        base filters), else ``NotFound``: a page answers it with its 404 page, a
        ``rest_endpoint`` with a 404 in JSON."""
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            raise NotFound()
        return item


class ErpApi(SharedOpenApi, BaseApi):
    """``BaseApi`` for resources without a model of their own (reports)."""


class ErpModelRestApi(SharedOpenApi, CallersRows, ModelRestApi):
    """``ModelRestApi`` for business records."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _use_erp_interface(cls)

    def __init__(self):
        _without_transitions_unless_a_workflow(self)
        super().__init__()
        extra = _transition_permissions(self.datamodel.obj)
        if extra:
            self.base_permissions = sorted(set(self.base_permissions) | extra)
        self.order_columns = orderable_columns(self)
        if self.base_order is None:
            # the model's list order (its list index serves it); else the primary
            # key's: without an order PostgreSQL pages in whatever order it reads the
            # rows (a row may show on two pages)
            self.base_order = list_order(self.datamodel.obj) \
                or (self.datamodel.get_pk_name(), "asc")

    list_model_schema = fab_workarounds.SchemaBuiltOnFirstUse()
    show_model_schema = fab_workarounds.SchemaBuiltOnFirstUse()
    add_model_schema = fab_workarounds.SchemaBuiltOnFirstUse()
    edit_model_schema = fab_workarounds.SchemaBuiltOnFirstUse()

    def _init_model_schemas(self):
        """Not at registration: when a schema is first read (core.fab_workarounds)."""

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        # after FAB's look for hooks, which reads every attribute of the view
        fab_workarounds.build_model_schemas_at_first_use(self)
        return blueprint

    def get_list_headless(self, **kwargs):
        with list_rows.read_as_rows(self.datamodel):
            return super().get_list_headless(**kwargs)

    def pre_get_list(self, data):
        # the total is PostgreSQL's estimate beyond LIST_EXACT_COUNT_LIMIT (core.counts)
        data["count_estimated"] = counts.estimated()

    def _label_columns_json(self, cols=None):
        return fab_workarounds.label_columns_json(
            self, cols, super()._label_columns_json)

    # --- a row's file (file_endpoints) -------------------------------------------
    #: the types a row's file may be (``core.storage``)
    file_types = DEFAULT_ALLOWED

    def file_answer(self, item) -> dict:
        """Hook: what else the answer to a stored file says about the row."""
        return {}

    def send_row_file(self, pk):
        """The file of row ``pk`` as an attachment: a row outside the caller's scope,
        without a file, or whose content is missing (``erp storage check`` lists it) is
        a 404."""
        item = self.row_or_404(pk)
        if not item.has_file:
            raise NotFound()
        return item.file_response()

    def store_row_file(self, pk):
        """Keep the request's multipart ``file`` as row ``pk``'s file (of
        ``file_types``); answers its name, size and SHA-256, and what
        ``file_answer(item)`` adds.  413/415/422 for a refused file, 404 outside the
        caller's scope."""
        item = self.row_or_404(pk)
        try:
            stored = save_upload(request.files.get("file"), allowed=self.file_types)
        except FileRejected as rejected:
            return rejected.as_response()

        def keep():
            item.set_file(stored)
            self.datamodel.session.commit()
            return self.response(200, id=pk, file_name=stored.original_name,
                                 file_size=stored.size, file_sha256=stored.sha256,
                                 **self.file_answer(item))

        return self._guarded(keep)

    # --- error mapping ----------------------------------------------------------
    def _guarded(self, call, *args):
        session = self.datamodel.session
        try:
            return call(*args)
        except ScopeViolation as error:
            session.rollback()
            return self.response_422(message={error.field: [error.message]})
        except InvalidInput as error:
            session.rollback()
            return self.response_422(message=error.messages)
        except (TransitionRefused, StaleVersion) as error:
            session.rollback()
            return self.response(409, message=str(error))
        except StaleDataError:
            session.rollback()
            return self.response(409, message=_(STALE_MESSAGE))
        except DataConflict as error:
            session.rollback()
            return self.response_422(message=str(error))

    def _shape_errors(self, body: dict, columns) -> dict:
        """Ids and whole numbers that are not, or out of range: FAB would pass a dict
        sent as an id on to the model, and the database refuses a 20-digit number —
        a 500 either way."""
        model = self.datamodel
        errors = {}
        for key in set(body) & set(columns):
            value = body[key]
            if model.is_relation_one_to_many(key) or model.is_relation_many_to_many(key):
                if not isinstance(value, list):
                    errors[key] = [_("Give a list of ids.")]
                    continue
                values = value
            elif model.is_relation(key) or model.is_integer(key):
                values = [] if value is None else [value]
            else:
                continue
            for item in values:
                if not isinstance(item, int) or isinstance(item, bool):
                    errors[key] = [_("Give a whole number (the id of a row).")]
                elif not -INTEGER_MAX <= item <= INTEGER_MAX:
                    errors[key] = [_("The number is out of range.")]
            if key not in errors and model.is_relation(key):
                missing = self._missing_related(key, values)
                if missing:
                    errors[key] = [_("There is no %(id)s to choose here.", id=missing[0])]
        return errors

    def _missing_related(self, column: str, ids: list) -> list:
        """Ids naming no row the caller may choose (loaded through the scoped ORM).
        Left alone, FAB's schema makes a new, empty row of an id it cannot find,
        which the request then tries to store."""
        related = self.datamodel.get_related_interface(column)
        return [row_id for row_id in ids if related.get(row_id) is None]

    def _body_problem(self, columns):
        """A 4xx answer for a body FAB would choke on (not an object, ids that are not)."""
        body = request.get_json(silent=True)
        if request.data and not isinstance(body, dict):
            return self.response_400(message=_("The request body must be a JSON object."))
        errors = self._shape_errors(body, columns) if isinstance(body, dict) else {}
        return self.response_422(message=errors) if errors else None

    def post_headless(self):
        return self._body_problem(self.add_columns) or self._guarded(super().post_headless)

    def put_headless(self, pk):
        problem = self._body_problem(self.edit_columns)
        if problem is not None:
            return problem
        body = request.get_json(silent=True)
        if isinstance(body, dict) and issubclass(self.datamodel.obj, Versioned):
            # the same dict FAB reads next: version is checked here, not loaded
            version = body.pop("version", None) or request.headers.get("If-Match")
            state_column = getattr(self.datamodel.obj, "__state_column__", None)
            if state_column and state_column in body:
                return self.response_422(message={state_column: [
                    _("The state changes only through its actions.")]})
            item = self.datamodel.get(pk, self._base_filters)
            if item is None:
                return self.response_404()
            try:
                item.check_version(version)
            except StaleVersion as error:
                return self.response(409, message=str(error))
            except InvalidInput as error:
                return self.response_422(message=error.messages)
        return self._guarded(super().put_headless, pk)

    def delete_headless(self, pk):
        return self._guarded(super().delete_headless, pk)

    def row_and_body(self, pk):
        """(row ``pk`` loaded through the scoped ORM, the request's JSON object — ``{}``
        when it sends none —, None) for an action on a row; (None, None, the answer)
        when there is no such row for the caller (404) or the body is no object (400)."""
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            return None, None, self.response_404()
        body = request.get_json(silent=True) if request.data else {}
        if not isinstance(body, dict):
            return None, None, self.response_400(
                message=_("The request body must be a JSON object."))
        return item, body, None

    # --- transitions --------------------------------------------------------------
    def pre_transition(self, item, action: str, body: dict) -> None:
        """Hook: take what else the body says (a decision, say) before ``action``."""

    @expose("/<int:pk>/<action>", methods=["POST"])
    @_with_standard_answers
    @safe
    def transition(self, pk, action):
        """Move a record by one of its transitions (a resource may read more of the body)
        ---
        post:
          parameters:
          - in: path
            name: action
            schema: {type: string}
          requestBody: transition
          responses:
            200: {description: The record after the transition}
            409: {description: Illegal transition or stale version}
        """
        try:
            verify_jwt_in_request()
        except (JWTExtendedException, PyJWTError):
            return self.response_401()
        model = self.datamodel.obj
        if action not in getattr(model, "transitions", dict)():
            return self.response_404()
        if not self.appbuilder.sm.has_access(f"can_{action}", self.class_permission_name):
            return self.response_403()
        item, body, refused = self.row_and_body(pk)
        if refused is not None:
            return refused

        def run():
            item.check_version(body.get("version") or request.headers.get("If-Match"))
            self.pre_transition(item, action, body)
            item.apply_transition(action, body.get("reason"))
            self.datamodel.session.commit()
            return self.response(200, id=pk, result=self.show_model_schema.dump(item),
                                 version=item.version)

        return self._guarded(run)


def plain_value(value):
    """An empty cell for None, Yes / No for booleans (FAB prints None, True, False)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def value_label(labels: dict):
    def format_value(value):
        return "" if value is None else labels.get(value, value)

    # a function of the code alone: an export names each code once (core.export)
    format_value.codes = labels
    return format_value


def page_endpoint(url: str, methods: tuple = ("GET",), permission: str | None = None):
    """A page of a view, as every one of them is declared: ``url`` answering
    ``methods``, open to the holders of ``can_<permission>`` on the view (of
    ``can_<the method's name>`` unless given) — ``@expose(url, methods) @has_access
    @permission_name(permission)`` in one line::

        @page_endpoint("/override/<int:pk>", methods=("GET", "POST"), permission="override")
        def override(self, pk):
    """
    def declare(function):
        if permission is not None:
            function = permission_name(permission)(function)
        return expose(url, methods=list(methods))(has_access(function))
    return declare


class Named:
    """A view's names: ``titles`` names its pages in English, marked ``N_("…")`` and
    shown translated (a model view's list, show, add and edit pages; a page of its
    own, its one page).  The first names its menu entry too, unless ``menu_name``
    says another (``core.loader.Menu``)."""

    titles: tuple = ()
    menu_name: str | None = None

    @classmethod
    def menu_title(cls) -> str:
        return cls.menu_name or next(iter(cls.titles), "")


class ErpPage(Named, BaseView):
    """A page of its own, not a model's (a report, a ledger): its menu entry leads to
    its ``index``."""

    default_view = "index"


class ErpModelView(Named, CallersRows, FormPages, ModelView):
    """``ModelView`` for business records, with transition buttons on the show page
    and the forms of ``core.forms``.

    Columns holding codes are shown by their translated labels when the view lists
    them in ``value_labels`` (``{"state": {"new": _l("New"), …}}``).  Times are shown
    to the minute in the user's site zone, and typed into forms in it
    (``core.localtime``); empty values as nothing, booleans as Yes / No.  A view's
    own ``formatters_columns`` win over these.

    A transition whose work starts on another form is a link to it:
    ``transition_links = {"dispatch": ("ServiceDispatchView.add", "request")}`` opens
    the dispatch form with this record chosen as its ``request``.

    The pages are named in one line, list, show, add and edit in FAB's order (a view
    without forms names the first two):
    ``titles = (N_("Parts"), N_("Part"), N_("Add a part"), N_("Edit a part"))``
    sets ``list_title``, ``show_title``, ``add_title`` and ``edit_title``; the list's
    is its menu entry's name (``Named``).
    """

    show_template = "erp/show.html"
    transition_template = "erp/transition.html"
    value_labels: dict[str, dict] = {}
    transition_links: dict[str, tuple[str, str]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _use_erp_interface(cls)
        # its own titles only: inherited ones would overwrite a subclass's own list_title
        for page, title in zip(("list", "show", "add", "edit"), cls.__dict__.get("titles", ())):
            setattr(cls, f"{page}_title", lazy_gettext(title))

    def __init__(self, **kwargs):
        _without_transitions_unless_a_workflow(self)
        super().__init__(**kwargs)
        if self.base_order is None:
            self.base_order = list_order(self.datamodel.obj)  # its list index serves it
        extra = _transition_permissions(self.datamodel.obj)
        if extra:
            self.base_permissions = sorted(set(self.base_permissions) | extra)
        # no sort link on a column the database cannot sort by
        self.order_columns = orderable_columns(self)
        formatters = {column: value_label(labels)
                      for column, labels in self.value_labels.items()}
        for column in set(self.list_columns) | set(self.show_columns):
            formatters.setdefault(
                column, local_datetime if self.datamodel.is_datetime(column) else plain_value)
        self.formatters_columns = {**formatters, **self.formatters_columns}

    # the model's checks before FAB saves, so a refusal is a message on the form
    def pre_add(self, item):
        validation.check(item)

    def pre_update(self, item):
        validation.check(item)

    def allowed_transitions(self, item) -> list:
        if not isinstance(item, Workflow):
            return []
        return [t for t in item.available_transitions()
                if self.appbuilder.sm.has_access(f"can_{t.name}", self.class_permission_name)]

    # the forms' times: shown and typed in the site's zone, stored in UTC
    def prefill_form(self, form, pk):
        self._shift_times(form, localtime.to_local)

    def process_form(self, form, is_created):
        self._shift_times(form, localtime.to_utc)

    @staticmethod
    def _shift_times(form, shift) -> None:
        zone = localtime.user_zone()
        for field in form:
            if isinstance(field, DateTimeField) and isinstance(field.data, datetime.datetime):
                field.data = shift(field.data, zone)

    # hooks for a view whose transitions ask for more than a reason
    def transition_asks(self, item, transition) -> bool:
        """Whether the button opens the transition's form instead of posting at once."""
        return transition.needs_reason

    def transition_context(self, item, action: str) -> dict:
        """More for the transition form's template."""
        return {}

    def pre_transition(self, item, action: str, form) -> None:
        """Take what else the form says before ``action`` is applied."""

    @page_endpoint("/show/<pk>")
    def show(self, pk):
        pk = self._deserialize_pk_if_composite(pk)
        widgets = self._show(pk)
        item = self.datamodel.get(pk, self._base_filters)
        transitions = self.allowed_transitions(item)
        return self.render_template(
            self.show_template, pk=pk, title=self.show_title, widgets=widgets,
            related_views=self._related_views, item=item, endpoint=self.endpoint,
            transitions=transitions,
            asking={t.name for t in transitions if self.transition_asks(item, t)},
            links={name: url_for(endpoint, **{field: pk})
                   for name, (endpoint, field) in self.transition_links.items()})

    @page_endpoint("/transition/<int:pk>/<action>", methods=("GET", "POST"))
    def transition(self, pk, action):
        item = self.row_or_404(pk)
        model = self.datamodel.obj
        if action not in getattr(model, "transitions", dict)():
            abort(404)
        if not self.appbuilder.sm.has_access(f"can_{action}", self.class_permission_name):
            abort(403)
        transition = model.transitions()[action]

        def form_page(status=200):
            return self.render_template(self.transition_template, item=item, pk=pk,
                                        transition=transition, title=self.show_title,
                                        endpoint=self.endpoint,
                                        **self.transition_context(item, action)), status

        if request.method == "GET":
            return form_page()
        try:
            item.check_version(request.form.get("version"))
            self.pre_transition(item, action, request.form)
            item.apply_transition(action, request.form.get("reason"))
            self.datamodel.session.commit()
            flash(_("Done: %(action)s.", action=transition.title), "success")
        except (TransitionRefused, StaleVersion, ScopeViolation, InvalidInput,
                StaleDataError) as error:
            self.datamodel.session.rollback()
            flash_refusal(error)
            if self.transition_asks(item, transition) and \
                    not isinstance(error, (StaleVersion, StaleDataError)):
                # the form again, with what was typed (the template reads request.form)
                item = self.datamodel.get(pk, self._base_filters)
                return form_page(409 if isinstance(error, TransitionRefused) else 422)
        # the record, or the list (the queue) when the record has left the user's view
        return self.landing(pk)


def file_pages(route: str, read: str, write: str, allowed: tuple, stored) -> tuple:
    """The two page endpoints of a row's file, declared once for every model view
    whose rows each own one (``StoredFileMixin``), as ``file_endpoints`` declares
    them for the APIs: ``GET /<route>/<id>`` downloads it, for the holders of
    ``can_<read>``; ``POST /<route>/<id>`` (multipart ``file``, of the ``allowed``
    types) stores it, for the holders of ``can_<write>``, and goes back to the row's
    page saying ``stored`` (its ``%(name)s`` is the file's name) or what refused it::

        photo, upload_photo = file_pages("photo", "show", "edit", PHOTO_TYPES,
                                         _l("The photo %(name)s is stored."))

    Both load the row through the view's base filters first: a row the user may not
    see is a 404, and so is one without a file."""
    url = f"/{route}/<int:pk>"

    @page_endpoint(url, permission=read)
    def download(self, pk):
        return self.row_or_404(pk).file_response()

    @page_endpoint(url, methods=("POST",), permission=write)
    def upload(self, pk):
        item = self.row_or_404(pk)
        back = redirect(url_for(f"{self.endpoint}.show", pk=pk))
        try:
            stored_file = save_upload(request.files.get("file"), allowed=allowed)
        except FileRejected as rejected:
            flash(rejected.message, "danger")
            return back
        try:
            item.set_file(stored_file)
            self.datamodel.session.commit()
            flash(stored % {"name": stored_file.original_name}, "success")
        except (InvalidInput, TransitionRefused, ScopeViolation, StaleDataError) as error:
            self.datamodel.session.rollback()
            flash_refusal(error)
        return back

    return download, upload


def rest_endpoint(url: str, method: str = "GET", permission: str = "get"):
    """An endpoint of a REST API, as every one of them is declared: ``method url``,
    open to the holders of ``can_<permission>`` on the API (401/403 otherwise), an
    ``InvalidInput`` it raises a 422 with its messages, a ``NotFound`` (``row_or_404``)
    a 404, an unexpected error a 500 in JSON — ``@expose(url, methods=[method])
    @protect() @safe @permission_name(permission)`` in one line::

        @rest_endpoint("/<int:pk>/warranty")
        def warranty(self, pk):
            '''The unit's warranty status on a day, and its OpenAPI YAML after ---'''

    The YAML leaves to the host what every endpoint shares (``SharedOpenApi``): the
    path's ``pk``, the answers 401, 403 and 422 (and 404 on a row's path), and a
    body of ``REQUEST_BODIES`` it names (``requestBody: reason``)."""
    def declare(function):
        return expose(url, methods=[method])(_with_standard_answers(protect()(safe(
            permission_name(permission)(_answering_refusals(function))))))
    return declare


def _answering_refusals(endpoint):
    """``endpoint``, answering 422 with the messages of an ``InvalidInput`` it raises
    (a month or site asked badly, a field refused), after undoing what it wrote, and
    404 for a ``NotFound`` (``row_or_404``)."""
    @functools.wraps(endpoint)
    def answer(api, *args, **kwargs):
        try:
            return endpoint(api, *args, **kwargs)
        except InvalidInput as error:
            db.session.rollback()
            return api.response_422(message=error.messages)
        except NotFound:
            return api.response_404()
    return answer


def declared_endpoint(function, name: str, url: str, method: str, permission: str,
                      doc: str):
    """``function`` as the REST endpoint ``name`` of its API (``rest_endpoint``),
    described by the OpenAPI YAML of ``doc``: for endpoints made by a function, one
    per route it is given (``file_endpoints``).  FAB names the route, and finds its
    permission, by the function's name."""
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return rest_endpoint(url, method, permission)(function)


def report_endpoint(name: str, answer, title: str, parameters: list[str], answered: str,
                    *, url: str | None = None, permission: str = "get",
                    also_answers: tuple[str, ...] = ()):
    """``GET /<name>``, one of the alike reports of an API, answered by
    ``answer(self)``: ``declared_endpoint`` with the OpenAPI YAML saying ``title``, the
    query ``parameters`` (each a shared one's name, or a YAML mapping) and, of the
    answer, ``answered``::

        monthly = report_endpoint("monthly", lambda self: self._answer(monthly_report),
                                  "One row per person", ["month", "site_id"], "person, …")

    Where a report differs: ``url`` when it is not at ``/<name>`` (``"/"``, the API's
    own path); ``permission`` when its holders are not those of ``can_get`` (it is
    ``can_<permission>``; the route, not the permission, is named ``name``);
    ``also_answers``, the codes of shared answers (``components/responses``) it gives
    besides the standard ones — ``("404",)`` when a row it is asked for may not be the
    caller's.  A report of one row is at a ``url`` with its id, ``"/<int:pk>/history"``,
    and ``answer(self, pk)`` loads it with ``row_or_404``.  ``answer`` is called, never
    renamed, so any function will do."""
    def report(self, **path):
        return answer(self, **path)

    listed = "".join(f"\n          - {parameter}" for parameter in parameters)
    asked = f"\n          parameters:{listed}" if parameters else ""
    shared = "".join(f"\n            {code}: {{$ref: '#/components/responses/{code}'}}"
                     for code in also_answers)
    return declared_endpoint(report, name, url or f"/{name}", "GET", permission, f"""{title}
        ---
        get:{asked}
          responses:
            200: {{description: "{answered}"}}{shared}
        """)


def file_endpoints(route: str = "file", owner: str = "row", noun: str = "file",
                   stored: str = "The stored file's name, size and SHA-256",
                   conflict: str = "") -> tuple:
    """The two endpoints of a row's file, declared once for every API whose rows
    each own one (``StoredFileMixin``): ``GET /<id>/<route>`` downloads it and
    ``POST /<id>/<route>`` (multipart ``file``) stores it, as the methods
    ``download_<route>`` and ``upload_<route>``::

        download_receipt, upload_receipt = file_endpoints(
            "receipt", owner="line", noun="receipt", stored="…",
            conflict="The claim is no longer a draft")

    Both load the row through the scoped ORM first, so a row outside the caller's
    scope answers 404 and its file is never served.  The upload keeps the API's
    ``file_types`` and answers what its ``file_answer(item)`` adds; ``owner``,
    ``noun``, ``stored`` (the 200 answer) and ``conflict`` (a 409, when the row can
    refuse a file) word the OpenAPI description."""

    def download(self, pk):
        return self.send_row_file(pk)

    def upload(self, pk):
        return self.store_row_file(pk)

    download_doc = f"""Download the {owner}'s {noun}
        ---
        get:
          responses:
            200: {{description: "The {noun}, as an attachment with its original name"}}
        """
    conflict_line = f"\n            409: {{description: \"{conflict}\"}}" if conflict else ""
    upload_doc = f"""Store the {owner}'s {noun} (multipart field ``file``)
        ---
        post:
          requestBody: file
          responses:
            200: {{description: "{stored}"}}{conflict_line}
            413: {{description: The file is too large}}
            415: {{description: The type is not allowed or the content does not match}}
        """
    url = f"/<int:pk>/{route}"
    return (declared_endpoint(download, f"download_{route}", url, "GET", "get", download_doc),
            declared_endpoint(upload, f"upload_{route}", url, "POST", "put", upload_doc))


class ErpFileApi(ErpModelRestApi):
    """An API whose rows each own one stored file (``StoredFileMixin``):
    ``POST /<id>/file`` (multipart ``file``) stores it, ``GET /<id>/file`` downloads
    it (``file_endpoints``)."""

    download_file, upload_file = file_endpoints()
