"""The forms of every ``ErpModelView``, as a person fills them in.

FAB 5.3 builds a form field per column; this module adjusts the fields it builds,
so that every addon's forms get the same behaviour without declaring anything:

* a Boolean is never required (FAB makes a non-nullable Boolean required, so an
  unticked box could never be saved); unticked saves False;
* a date-time is typed (or its date picked) in the site's local time, to the
  minute — ``2026-12-02 09:30`` — and its default is shown the same way;
  ``ErpModelView`` stores it in UTC;
* a coded column named in the view's ``value_labels`` is a select of the
  translated names storing the code, in the forms and in the list's filters;
* a relation is a plain select without FAB's ``__None`` entry, offering what the
  view allows (``choice_filters``) and, where one choice depends on another
  (``choice_depends``), only the options belonging to the chosen parent.

And the add and edit pages (:class:`FormPages`) show a refusal of the model — an
``InvalidInput`` from a check, a scope guard's ``ScopeViolation``, a stale version or
a refused transition — on the form, next to its field or at the top, with
everything typed kept; after a save the user lands on the record (or the list when
the record is no longer theirs to see).

A view declares, e.g.::

    class ServiceDispatchView(ErpModelView):
        choice_filters = {"technician": dispatchable_technicians,  # query -> query
                          "request": open_requests}
        choice_depends = {"unit": "customer"}  # a unit's customer_id = the chosen customer
        form_examples = {"serial": "SN-{n}"}  # what the form walk types ({n}: unique)
"""
from __future__ import annotations

import datetime

from flask import flash, g, redirect, request, url_for
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.fields import QuerySelectField
from flask_appbuilder.security.sqla.models import Role
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectField
from wtforms.fields import DateTimeField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError
from wtforms.widgets import html_params

from core import localtime
from core.models import ErpUser, utcnow
from core.scope import ScopeViolation, current_scope
from core.workflow import InvalidInput, StaleVersion, TransitionRefused

STALE_MESSAGE = "This record was changed by someone else. Reload it and try again."
DATETIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M",
                    "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M"]


# --- widgets ----------------------------------------------------------------------------
class SelectWidget:
    """A native ``<select>``: picked by touch on a phone, by typing on a keyboard, and
    by a test the way a person picks.  ``data-depends-on`` names the field whose
    choice filters the options (see ``erp/form_scripts.html``)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["class"] = "form-control"
        depends_on = getattr(field, "depends_on", None)
        if depends_on:
            kwargs["data-depends-on"] = depends_on
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        for choice in field.iter_choices():
            value, label, selected = choice[:3]
            extra = choice[3] if len(choice) > 3 else {}
            params = html_params(value=value, selected=bool(selected), **extra)
            html.append(f"<option {params}>{escape(label)}</option>")
        html.append("</select>")
        return Markup("".join(html))


class LocalDateTimeWidget:
    """A text box taking ``2026-12-02 09:30`` as typed, and a button opening the
    browser's own date picker (no CDN, no seconds) that writes the picked date in
    front of the time already typed."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["class"] = "form-control erp-datetime-text"
        params = html_params(name=field.name, type="text", value=field._value(),
                             placeholder="2026-12-02 09:30", autocomplete="off",
                             **kwargs)
        title = escape(_("Pick the date"))
        return Markup(
            '<div class="input-group erp-datetime">'
            f"<input {params}>"
            '<span class="input-group-btn">'
            f'<button type="button" class="btn btn-default erp-datetime-pick" title="{title}"'
            f' aria-label="{title}"><i class="fa fa-calendar"></i></button></span>'
            '<input type="date" class="erp-datetime-date" tabindex="-1" aria-hidden="true"'
            ' style="position:absolute;width:1px;height:1px;opacity:0;border:0;padding:0">'
            "</div>")


# --- fields -------------------------------------------------------------------------------
class LocalDateTimeField(DateTimeField):
    """A time to the minute in the site's zone, as typed (seconds are dropped)."""

    widget = LocalDateTimeWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.pop("format", None)
        super().__init__(label, validators, format=DATETIME_FORMATS, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(" ".join(valuelist).split())
        if not text:
            self.data = None
            return
        for format in self.strptime_format:
            try:
                self.data = datetime.datetime.strptime(text, format).replace(second=0)
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_("Type the date and time as 2026-12-02 09:30 (year-month-day "
                           "hours:minutes)."))


def local_now() -> datetime.datetime:
    """Now in the user's site zone, to the minute: the default a form shows."""
    return localtime.to_local(utcnow(), localtime.user_zone()).replace(second=0,
                                                                       microsecond=0)


class CodeSelectField(SelectField):
    """A coded column as the translated names of its codes."""

    widget = SelectWidget()

    def pre_validate(self, form):
        if self.data in (None, "") and not self.flags.required:
            return
        super().pre_validate(form)


class RelationSelectField(QuerySelectField):
    """FAB's relation select without the ``__None`` value: an empty choice says what
    it means; the value kept by an edit stays offered though the filters drop it."""

    widget = SelectWidget()

    def __init__(self, *args, depends_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.depends_on = depends_on
        self.current = None

    def _get_object_list(self):
        if self._object_list is None:
            objects = list(self.query_func())
            if self.current is not None and self.current not in objects:
                objects.insert(0, self.current)
            self._object_list = [(str(self.get_pk_func(obj)), obj) for obj in objects]
        return self._object_list

    def iter_choices(self):
        blank = _("(none)") if self.allow_blank else _("Choose…")
        yield ("", blank, self.data is None, {})
        for pk, obj in self._get_object_list():
            extra = {}
            if self.depends_on:
                parent_id = getattr(obj, f"{self.depends_on}_id", None)
                extra["data-parent"] = "" if parent_id is None else str(parent_id)
            yield (pk, self.get_label(obj), obj == self.data, extra)

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0] in ("", "__None"):
            self.data = None
            self._formdata = None
        else:
            super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.data is None and not self._formdata:
            if not self.allow_blank:
                raise ValidationError(_("Choose one."))
            return
        super().pre_validate(form)


# --- adjusting the fields FAB built --------------------------------------------------------
def _without_required(validators) -> list:
    return [v for v in validators or () if not isinstance(v, (DataRequired, InputRequired))]


def _rebuilt(unbound, field_class, **changes):
    kwargs = {**unbound.kwargs, **changes}
    return field_class(*unbound.args, **kwargs)


def _local_default(default):
    if callable(default):
        return local_now
    if isinstance(default, datetime.datetime):
        return lambda: localtime.to_local(default, localtime.user_zone())
    return default


def code_choices(labels: dict, blank: bool) -> list:
    return ([("", _l("(none)"))] if blank else []) + list(labels.items())


def refine_form(form_class, view, columns, own_fields=(), search: bool = False) -> None:
    """Adjust the fields FAB built for ``columns`` (see the module's docstring); the
    fields a view declares itself (``own_fields``) are left as they are."""
    datamodel = view.datamodel
    for name in columns:
        unbound = getattr(form_class, name, None)
        if unbound is None or name in (own_fields or ()) or \
                not hasattr(unbound, "field_class"):
            continue
        field_class = unbound.field_class
        validators = unbound.kwargs.get("validators") or []
        if name in view.value_labels and not datamodel.is_relation(name):
            required = not search and any(
                isinstance(v, (DataRequired, InputRequired)) for v in validators)
            new = CodeSelectField(
                unbound.args[0] if unbound.args else unbound.kwargs.get("label"),
                choices=code_choices(view.value_labels[name], blank=not required),
                validators=[InputRequired(_l("Choose one."))] if required else [Optional()],
                description=unbound.kwargs.get("description", ""),
                default=None if search else unbound.kwargs.get("default"))
        elif issubclass(field_class, BooleanField):
            new = _rebuilt(unbound, field_class, validators=_without_required(validators))
        elif search:
            continue
        elif issubclass(field_class, DateTimeField) and datamodel.is_datetime(name):
            new = _rebuilt(unbound, LocalDateTimeField, widget=LocalDateTimeWidget(),
                           default=_local_default(unbound.kwargs.get("default")))
        elif field_class is QuerySelectField:
            new = _rebuilt(unbound, RelationSelectField, widget=SelectWidget(),
                           query_func=_choices_query(view, name, unbound),
                           depends_on=view.choice_depends.get(name))
        else:
            continue
        setattr(form_class, name, new)


def _choices_query(view, name, unbound):
    """The related rows a relation offers: FAB's (scoped, with the view's
    ``*_query_rel_fields``), narrowed by the view's ``choice_filters``."""
    offered = unbound.kwargs["query_func"]
    choice_filter = view.choice_filters.get(name)
    if choice_filter is None:
        return offered
    related = view.datamodel.get_related_interface(name)

    def query():
        allowed = {related.get_pk_value(obj) for obj in offered()}
        rows = choice_filter(related.session.query(related.obj)).all()
        return [row for row in rows if related.get_pk_value(row) in allowed]

    return query


# --- the add and edit pages ---------------------------------------------------------------------
REFUSALS = (InvalidInput, ScopeViolation, TransitionRefused, StaleVersion, StaleDataError,
            DatabaseException, ValueError)


def refusal_messages(error) -> dict[str | None, list[str]]:
    """What a refusal says, per field (``None``: about the whole record)."""
    if isinstance(error, InvalidInput):
        return {field: [str(m) for m in messages] for field, messages in
                error.messages.items()} if isinstance(error.messages, dict) \
            else {None: [str(error.messages)]}
    if isinstance(error, ScopeViolation):
        return {error.field: [error.message]}
    if isinstance(error, StaleDataError):
        return {None: [_(STALE_MESSAGE)]}
    if isinstance(error, DatabaseException):
        cause = error.__cause__
        return {None: [str(cause) if cause is not None else
                       _("The database refused the change.")]}
    return {None: [str(error)]}


def flash_refusal(error) -> None:
    """Each message of a refusal at the top of the next page (a page without a form)."""
    for messages in refusal_messages(error).values():
        for message in messages:
            flash(message, "danger")


def show_refusal(form, error) -> None:
    """Each message next to its field where the form has it, the rest at the top."""
    for field_name, messages in refusal_messages(error).items():
        field = None
        if field_name:
            for candidate in (field_name, field_name.removesuffix("_id")):
                if candidate in form:
                    field = form[candidate]
                    break
        for message in messages:
            if field is not None:
                field.errors = list(field.errors or ()) + [message]
            else:
                flash(message, "danger")
    if any(f.errors for f in form):
        flash(_("The record is not saved: see the messages next to the fields."), "danger")


class FormPages:
    """The add and edit pages of ``ErpModelView`` (FAB's logic, with refusals shown on
    the form and a landing page the user may see)."""

    choice_filters: dict = {}
    choice_depends: dict = {}
    form_examples: dict = {}
    add_template = "erp/add.html"
    edit_template = "erp/edit.html"

    def _init_forms(self):
        super()._init_forms()
        refine_form(self.add_form, self, self.add_columns, self.add_form_extra_fields)
        refine_form(self.edit_form, self, self.edit_columns, self.edit_form_extra_fields)
        refine_form(self.search_form, self, self.search_columns,
                    self.search_form_extra_fields, search=True)

    # --- saving -------------------------------------------------------------------------
    def _save(self, form, item, creating: bool) -> bool:
        typed = {field.name: field.data for field in form}
        self.process_form(form, creating)
        session = self.datamodel.session
        try:
            form.populate_obj(item)
            self._sync_relation_ids(form, item)
            if creating:
                self.pre_add(item)
                self.datamodel.add(item)
                self.post_add(item)
            else:
                self.pre_update(item)
                self.datamodel.edit(item)
                self.post_update(item)
        except REFUSALS as error:
            session.rollback()
            for field in form:
                field.data = typed[field.name]
            show_refusal(form, error)
            return False
        g._erp_saved_pk = self.datamodel.get_pk_value(item)
        flash(self.add_row_message if creating else self.edit_row_message, "success")
        return True

    def _sync_relation_ids(self, form, item) -> None:
        """The form sets each relation; a check reading its ``*_id`` sees the same
        choice (an edit's old id would otherwise win over the new choice)."""
        mapper = self.datamodel.obj.__mapper__
        for field in form:
            if isinstance(field, RelationSelectField) and \
                    self.datamodel.is_relation_many_to_one(field.name):
                column = self.datamodel.get_relation_fk(field.name)
                related = self.datamodel.get_related_interface(field.name)
                setattr(item, mapper.get_property_by_column(column).key,
                        None if field.data is None else related.get_pk_value(field.data))

    def _add(self):
        from flask_appbuilder.urltools import get_filter_args

        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        if request.method == "POST":
            self._fill_form_exclude_cols(exclude_cols, form)
            if form.validate() and self._save(form, self.datamodel.obj(), creating=True):
                return None
        else:
            self._prefill_from_args(form)
            self.update_redirect()
        return self._get_add_widget(form=form, exclude_cols=exclude_cols)

    def _prefill_from_args(self, form) -> None:
        """``/add?request=7`` opens the form with request 7 chosen (when offered)."""
        for field in form:
            if field.name in request.args and field.name != "csrf_token":
                field.process(MultiDict([(field.name, request.args[field.name])]))
                if isinstance(field, RelationSelectField) and field.data is None:
                    field.process(None)

    def _edit(self, pk):
        if request.method != "POST":
            widgets = super()._edit(pk)
            self._keep_current_choices(widgets["edit"].template_args["form"], pk)
            return widgets
        from flask_appbuilder.urltools import get_filter_args

        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            from flask import abort

            abort(404)
        pk = self.datamodel.get_pk_value(item)
        form = self.edit_form.refresh(request.form)
        self._keep_current_choices(form, pk, item)
        self._fill_form_exclude_cols(exclude_cols, form)
        form._id = pk
        if form.validate() and self._save(form, item, creating=False):
            return None
        return self._get_edit_widget(form=form, exclude_cols=exclude_cols)

    def _keep_current_choices(self, form, pk, item=None) -> None:
        item = item if item is not None else self.datamodel.get(pk, self._base_filters)
        for field in form:
            if isinstance(field, RelationSelectField) and item is not None:
                field.current = getattr(item, field.name, None)
                field._object_list = None

    # --- where the user lands ----------------------------------------------------------
    def landing(self, pk=None):
        """The record if the user may still see it, else the list."""
        if pk is not None and self.appbuilder.sm.has_access(
                "can_show", self.class_permission_name) and \
                self.datamodel.get(pk, self._base_filters) is not None:
            return redirect(url_for(f"{self.endpoint}.show", pk=pk))
        return redirect(url_for(f"{self.endpoint}.list"))

    def post_add_redirect(self):
        return self.landing(g.pop("_erp_saved_pk", None))

    def post_edit_redirect(self):
        return self.landing(g.pop("_erp_saved_pk", None))


# --- choice filters views share ----------------------------------------------------------------
def users_in_role(*role_names: str):
    """A ``choice_filters`` entry: the users of the acting site holding one of the roles."""

    def narrow(query):
        query = query.filter(ErpUser.roles.any(Role.name.in_(role_names)),
                             ErpUser.active.is_(True))
        scope = current_scope()
        if scope is not None and scope.site_id is not None:
            query = query.filter(ErpUser.site_id == scope.site_id)
        return query.order_by(ErpUser.first_name, ErpUser.last_name, ErpUser.username)

    return narrow
