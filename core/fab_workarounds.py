"""Every place where the host works around Flask-AppBuilder, in one module.

Each workaround says which FAB version (and issue, where there is one) it works
around, and names the test that fails without it ("Proved by"), so that it can be dropped the
day FAB no longer needs it.  Code elsewhere calls into this module instead of
patching FAB itself.
"""
from __future__ import annotations

import inspect
import threading
from collections.abc import Mapping

from flask import g, has_request_context, request, session
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm import joinedload, selectinload

from core.credentials import sends_bearer_token


def _replace_once(owner, name: str, make_replacement) -> None:
    """Set ``owner.<name>`` to ``make_replacement(original)``, unless a workaround has
    already replaced it: applied again (a reloaded module), it would wrap itself."""
    original = getattr(owner, name)
    if getattr(original, "erp_workaround", False):
        return
    replacement = make_replacement(original)
    replacement.erp_workaround = True
    setattr(owner, name, replacement)


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


# --- filters of every column converted three times per list request ------------------
# FAB 5.3 builds a ``Filters`` three times per list request (the view's, the joined
# ones, the interface's inner ones), and each converts every column of the model into
# its filter objects again: a sixth of a list request's CPU (cProfile of the dealer's
# list, 32 columns).  Which filters a column takes never changes; the objects are
# templates (``add_filter`` makes new ones from their classes).  They are converted
# once per interface and column list; each ``Filters`` still gets dicts and lists of
# its own, which FAB extends with a view's ``search_filters``.
# Proved by tests/test_fab_workarounds.py::test_a_list_converts_its_column_filters_once.

def convert_filters_once() -> None:
    from flask_appbuilder.models.filters import Filters

    def converted_once(original):
        def get_filters(self, cols):
            converted = self.datamodel.__dict__.setdefault("_erp_filters", {})
            key = (self.filter_converter, tuple(cols))
            if key not in converted:
                converted[key] = original(self, cols)
            return {col: list(filters) for col, filters in converted[key].items()}
        return get_filters

    _replace_once(Filters, "_get_filters", converted_once)


# --- a bearer token decoded twice per API request ------------------------------------
# The host's gate (core.security.addon_gate) reads the request's user before FAB's
# ``@protect`` does, and flask_jwt_extended 4 decodes and verifies the token again at
# each ``verify_jwt_in_request``.  The decoded token is kept for the request: the
# second call finds it (flask_jwt_extended keeps it in ``g`` as well).
# Proved by tests/test_fab_workarounds.py::test_a_bearer_token_is_decoded_once_per_request.

def decode_bearer_token_once() -> None:
    from flask_jwt_extended import view_decorators

    def kept_for_the_request(original):
        def decode(*args, **kwargs):
            # kept on the request, as core.context.request_cache keeps its facts (which
            # imports this module): an app context, and its g, may outlive a request
            kept = request.environ.setdefault("erp.decoded_jwt", {})
            key = repr((args, sorted(kwargs.items())))
            if key not in kept:
                kept[key] = original(*args, **kwargs)
            return kept[key]
        return decode

    _replace_once(view_decorators, "_decode_jwt_from_request", kept_for_the_request)


# --- the same bearer token verified again at every request --------------------------
# flask_jwt_extended 4 parses a token three times and checks its signature at every
# request that sends it (0.3 ms of a list request's 7).  A token is a fixed string:
# once its signature has been checked with the app's key, it stays valid until its
# ``exp`` (or from its ``nbf``).  The claims of the tokens verified are kept per
# process, by token and key, and handed out again while in force; a token out of
# force, or never verified, takes flask_jwt_extended's way (which refuses it).
# Proved by tests/test_fab_workarounds.py::test_a_bearer_token_is_verified_once_per_process.

VERIFIED_TOKENS_KEPT = 4096


def verify_bearer_token_once() -> None:
    import time

    from flask_jwt_extended import JWTManager
    from flask_jwt_extended.config import config

    verified: dict = {}

    def in_force(claims: dict, allow_expired: bool) -> bool:
        now, leeway = time.time(), config.leeway
        if not allow_expired and "exp" in claims and now > claims["exp"] + leeway:
            return False
        return not ("nbf" in claims and now < claims["nbf"] - leeway)

    def kept_while_in_force(original):
        def decode(self, encoded_token, csrf_value=None, allow_expired=False):
            key = (encoded_token, csrf_value, allow_expired, config.decode_key)
            claims = verified.get(key)
            if claims is None or not in_force(claims, allow_expired):
                claims = original(self, encoded_token, csrf_value, allow_expired)
                if len(verified) >= VERIFIED_TOKENS_KEPT:
                    verified.clear()
                verified[key] = claims
            return dict(claims)
        return decode

    _replace_once(JWTManager, "_decode_jwt_from_config", kept_while_in_force)


# --- a session cookie on every answer to a bearer token --------------------------
# FAB 5.3's ``BabelManager.get_locale`` writes the default locale into the session
# when the session has none, so every request that comes without a cookie (an API
# client sending a bearer token) is answered with a signed ``Set-Cookie``: 4 % of a
# list request's CPU, for a cookie such clients throw away.  A request with a
# bearer token and no locale of its own is answered in the default locale without
# writing it; ``?_l_=`` and a session's locale take FAB's way, and so do pages (the
# navbar's language menu reads the locale from the session).
# Proved by tests/test_fab_workarounds.py::test_an_answer_to_a_bearer_token_sets_no_cookie.

def keep_no_locale_for_bearer_tokens() -> None:
    from flask_appbuilder.babel.manager import BabelManager

    def default_for_bearer_tokens(original):
        def get_locale(self):
            if has_request_context() and "_l_" not in request.args \
                    and "locale" not in session and sends_bearer_token():
                return self.babel_default_locale
            return original(self)
        return get_locale

    _replace_once(BabelManager, "get_locale", default_for_bearer_tokens)


# --- the rate limiter's check before every request --------------------------------
# FAB 5.3 creates a Flask-Limiter 4.1 limiter for every app, which checks each
# request before its view: 3 % of a list request's CPU, to find no limit.  Limits
# that decorate a view (the failed logins', core.hardening) check themselves when the
# view is called; the check before the view counts only the limits of the whole app
# (``RATELIMIT_DEFAULT``, ``RATELIMIT_APPLICATION``, ``RATELIMIT_META``), those of a
# blueprint (a FAB view's ``limits``) and those hinted to an endpoint.  It is left
# out for a request none of them can apply to.
# Proved by tests/test_fab_workarounds.py::test_the_limiter_checks_only_where_a_limit_applies.

def check_limits_only_where_they_apply(app, limiter) -> None:
    check = limiter._check_request_limit
    manager = limiter.limit_manager
    requests = app.before_request_funcs.setdefault(None, [])
    if check not in requests:
        return

    def check_where_limits_apply():
        if (manager.application_limits or manager.default_limits or limiter._meta_limits
                or manager._blueprint_limits or manager.has_hints(request.endpoint or "")):
            return check()
        return None

    requests[requests.index(check)] = check_where_limits_apply


# --- column labels translated one by one on every API answer ------------------------
# FAB 5.3's ``BaseModelApi._label_columns_json`` runs gettext on each column's label
# for every list and show answer (31 look-ups for the service request list, 4 % of
# its CPU).  A view's labels are fixed when it is built, so their translations are
# kept per view, language and column list.
# Proved by tests/test_fab_workarounds.py::test_labels_are_translated_once_per_language.

def label_columns_json(view, columns, translate) -> dict:
    """``translate(columns)`` (FAB's own method) once per language and columns."""
    from flask_babel import get_locale

    kept = view.__dict__.setdefault("_erp_label_columns_json", {})
    key = (str(get_locale()), tuple(columns or ()))
    if key not in kept:
        kept[key] = translate(columns)
    return dict(kept[key])


# --- a list page dumped through marshmallow's generic accessors ----------------------
# FAB 5.3 dumps each row of a list answer with its marshmallow schema, and marshmallow
# 3 reaches every value through four layers (``Field.serialize``, ``get_value``,
# ``Schema.get_attribute``, ``utils.get_value``) that end in ``getattr`` for a model
# instance: 25 rows of 31 columns made it a sixth of a list request's CPU.  For the
# fields whose value is a plain attribute of the row, the schema reads it with
# ``getattr`` and calls the field's own ``_serialize``, as those layers do, except
# where that gives back the value itself (``None``, a ``str`` to a ``String``, an
# ``int`` to an ``Integer``, a ``bool`` to a ``Boolean``); any other field (dotted,
# computed, a ``get_value`` of its own) and a row that is a mapping take
# marshmallow's way.
# Proved by tests/test_fab_workarounds.py::test_a_list_dumps_what_marshmallow_dumps.

def dump_plain_attributes_directly(schema) -> None:
    from marshmallow import Schema, fields
    from marshmallow.utils import missing
    from sqlalchemy.engine import Row

    if schema is None or type(schema).get_attribute is not Schema.get_attribute:
        return
    # the field classes whose _serialize answers None for None and a value of this
    # type as it is (marshmallow 3: str(), int(), the value in truthy/falsy)
    unchanged_types = {fields.String: str, fields.Integer: int, fields.Boolean: bool}
    plan = []
    for attr_name, field in schema.dump_fields.items():
        source = attr_name if field.attribute is None else field.attribute
        direct = (field._CHECK_ATTRIBUTE and type(field).get_value is fields.Field.get_value
                  and isinstance(source, str) and "." not in source)
        key = field.data_key if field.data_key is not None else attr_name
        unchanged = unchanged_types.get(type(field))
        if unchanged is int and field.as_string:
            unchanged = None
        plan.append((attr_name, key, source if direct else None, field, unchanged))
    generic = schema._serialize

    def serialize(obj, *, many=False):
        if many and obj is not None:
            places = _places_in_rows(obj)
            return [serialize_one(each, places) for each in obj]
        return serialize_one(obj, None)

    def _places_in_rows(items):
        """Where each field's value is in the rows of a result (core.list_rows), which
        are read faster by place than by name; None for model instances."""
        first = items[0] if isinstance(items, list) and items else None
        if not isinstance(first, Row):
            return None
        index = {name: place for place, name in enumerate(first._fields)}
        return [index.get(source) for _, _, source, _, _ in plan]

    def serialize_one(obj, places):
        if isinstance(obj, Mapping):
            return generic(obj, many=False)
        ret = schema.dict_class()
        for number, (attr_name, key, source, field, unchanged) in enumerate(plan):
            if source is None:
                value = field.serialize(attr_name, obj, accessor=schema.get_attribute)
            else:
                place = None if places is None else places[number]
                value = getattr(obj, source, missing) if place is None else obj[place]
                if value is missing:
                    default = field.dump_default
                    value = default() if callable(default) else default
                if value is not missing and not (
                        unchanged is not None
                        and (value is None or type(value) is unchanged)):
                    value = field._serialize(value, attr_name, obj)
            if value is not missing:
                ret[key] = value
        return ret

    schema._serialize = serialize


# --- every API's four marshmallow schemas built at start-up ---------------------------
# FAB 5.3's ``ModelRestApi.create_blueprint`` converts the list, show, add and edit
# columns of each API into marshmallow schemas when the API is registered: a fifth
# of building the app with every addon (44 APIs, 195 ms of 1,000), paid by every
# process, also by a command or a worker that never answers an API.  The host's APIs
# build them when one is first read (the first request of that API, or the OpenAPI
# document), the same four schemas by FAB's own conversion.
# Proved by tests/test_fab_workarounds.py::test_api_schemas_are_built_at_first_use.

class SchemaBuiltOnFirstUse:
    """One of the four ``*_model_schema`` attributes of an API: FAB's conversion runs,
    for all four, when one of them is first read."""

    NAMES = ("list_model_schema", "show_model_schema", "add_model_schema",
             "edit_model_schema")

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, view, owner=None):
        # None (FAB's default: no schema declared) on the class, and on a view not yet
        # registered: FAB's __init__ reads it before the view's columns are known
        if view is None or not view.__dict__.get("_erp_schemas_due"):
            return None
        if self.name not in view.__dict__:
            with _SCHEMAS_BUILDING:
                if self.name not in view.__dict__:
                    _build_model_schemas(view)
        return view.__dict__[self.name]

    def __set__(self, view, value):
        view.__dict__[self.name] = value


_SCHEMAS_BUILDING = threading.Lock()


def build_model_schemas_at_first_use(view) -> None:
    """What the host's ``ModelRestApi._init_model_schemas`` does at registration."""
    view.__dict__["_erp_schemas_due"] = True


def _build_model_schemas(view) -> None:
    from flask_appbuilder.api import ModelRestApi

    for name in SchemaBuiltOnFirstUse.NAMES:
        # FAB converts where the attribute is None; a schema a class declares stays
        if isinstance(inspect.getattr_static(type(view), name), SchemaBuiltOnFirstUse):
            view.__dict__[name] = None
    ModelRestApi._init_model_schemas(view)
    dump_plain_attributes_directly(view.list_model_schema)


# --- 1. the interface of the host's views -------------------------------------------

def use_interface(view_class, interface_class) -> None:
    """Give a view class the host's ``SQLAInterface`` subclass.

    FAB 5.3 builds a view's ``datamodel`` in the class body
    (``datamodel = SQLAInterface(Model)``) and has no setting for the interface class,
    so the host's (``core.base.ErpSQLAInterface``: refusals without SQL, the session
    rolled back) replaces FAB's on each class that declares FAB's own.
    Proved by ``tests/test_bad_input.py::
    test_a_duplicate_found_at_an_autoflush_is_422_without_sql``.
    """
    datamodel = view_class.__dict__.get("datamodel")
    if datamodel is not None and type(datamodel) is SQLAInterface:
        datamodel.__class__ = interface_class


# --- 2. FAB's user, role and group lists ----------------------------------------------

class EagerListInterface(SQLAInterface):
    """FAB's interface for a list whose columns are collections (a user's roles, a
    role's permissions): each is loaded in one statement, not one per row."""

    def __init__(self, obj, *loader_options):
        super().__init__(obj)
        self.loader_options = loader_options

    def apply_all(self, query, *args, **kwargs):
        return super().apply_all(query, *args, **kwargs).options(*self.loader_options)


def eager_security_lists(sm) -> None:
    """Load the collections of FAB's user, role and group lists eagerly.

    FAB 5.3's ``UserDBModelView``, ``RoleModelView`` and ``GroupModelView`` load a
    row's roles (or permissions) with one query per row.  Their ``datamodel`` is a
    class attribute of FAB's own view classes, so this changes them for the whole
    process (every app in it: the tests build several).
    Proved by ``tests/test_request_cost.py::
    test_every_list_page_costs_the_same_for_5_and_25_rows``.
    """
    user, role = sm.user_model, sm.role_model
    sm.userdbmodelview.datamodel = EagerListInterface(
        user, selectinload(user.roles), joinedload(user.site), joinedload(user.dealer))
    sm.rolemodelview.datamodel = EagerListInterface(
        role, selectinload(role.permissions).options(
            joinedload(sm.permissionview_model.permission),
            joinedload(sm.permissionview_model.view_menu)))
    sm.groupmodelview.datamodel = EagerListInterface(
        sm.group_model, selectinload(sm.group_model.roles))


# --- 3. FAB's login views and flashed messages ----------------------------------------

def wrap_view_function(app, endpoint: str, decorator) -> None:
    """Decorate a view function FAB has already registered.

    FAB 5.3 registers its login views (form and API) itself, and Flask-Limiter
    applies a decorated limit when the decorated function is called, so the host
    limits failed logins by re-wrapping the registered function.
    Proved by ``tests/test_hardening.py::
    test_the_failed_login_after_the_limit_answers_429``.
    """
    app.view_functions[endpoint] = decorator(app.view_functions[endpoint])


def replace_flash(category, message, replacement: str) -> bool:
    """Replace a message already flashed in this request; True if it was there.

    FAB 5.3's ``ModelView`` flashes ``str(error)`` of a failed save: a database
    error's SQL and values.  Flask has no hook before a flash is stored, so the
    host rewrites it in the session once flashed.
    Proved by ``tests/test_hardening.py::
    test_flashed_database_errors_show_no_sql_or_values``.
    """
    flashes = session.get("_flashes", [])
    for index in range(len(flashes) - 1, -1, -1):
        if flashes[index] == (category, message):
            flashes[index] = ("danger", replacement)
            session["_flashes"] = flashes
            return True
    return False


# --- 4. the logged-in user inside ORM hooks -------------------------------------------

def logged_in_user():
    """The user FAB logged in for this request, without ``current_user``.

    FAB 5.3 loads the session's user with a query; ``current_user`` inside the ORM
    hooks that scope that query would load it again and recurse.  Flask-Login keeps
    the loaded user in the private ``g._login_user``; flask-jwt-extended keeps a
    token's user in ``g._jwt_extended_jwt_user``.
    Proved by ``tests/test_scope.py::test_dealer_lists_only_own_rows`` (without it
    every scoped request recurses).
    """
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    jwt_user = g.get("_jwt_extended_jwt_user")
    if jwt_user:
        return jwt_user.get("loaded_user")
    return None
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


def ids_to_count(interface, query, filters, select_columns):
    """The ids under the list's criteria, to count (core.counts): FAB 5.3 counts a
    subquery of every listed column, which PostgreSQL reads from the table; the ids
    come from the list's index (core.indexes)."""
    from flask_appbuilder.models.sqla.interface import is_column_dotted

    dotted = [column for column in select_columns or () if is_column_dotted(column)]
    inner = interface._apply_inner_all(query, filters, select_columns=dotted,
                                       aliases_mapping={})
    return inner.with_entities(interface.get_pk()).order_by(None)



# --- FAB 5.3: `_info` describes a column by the catalogue's header -------------------

def _info_descriptions_without_the_catalogue_header() -> None:
    """FAB 5.3's ``ModelRestApi._get_field_info`` sends
    ``description_columns.get(name, "")`` through gettext, and ``gettext("")`` answers
    the catalogue's header ("Project-Id-Version: …"): every column without a
    description was described by it in ``/api/v1/<name>/_info``.  An undescribed
    column gets an empty description instead.
    Fails without: tests/test_pages_i18n_walk.py::test_info_descriptions_are_empty_or_real
    """
    from flask_appbuilder.api import ModelRestApi

    def undescribed_left_empty(original):
        def field_info(self, field, *args, **kwargs):
            info = original(self, field, *args, **kwargs)
            if not self.description_columns.get(field.name):
                info["description"] = ""
            return info
        return field_info

    _replace_once(ModelRestApi, "_get_field_info", undescribed_left_empty)


_info_descriptions_without_the_catalogue_header()
convert_filters_once()
decode_bearer_token_once()
verify_bearer_token_once()
keep_no_locale_for_bearer_tokens()
