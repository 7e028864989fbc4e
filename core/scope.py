"""Row scoping underneath every view: sites, dealers and owners.

Models declare their scope with a mixin; the host adds the matching criteria to
every ORM ``SELECT`` (``do_orm_execute`` + ``with_loader_criteria``) and checks every
insert, update and delete at the mapper (``before_insert/update/delete``).  Lists,
single rows, ``_info``, related-field choices, counts, charts, exports, actions and
downloads all go through the ORM, so none of them can forget the scope.  The one
statement run beside the session's hook, a list API's page of rows
(``core.list_rows``), takes the same criteria from ``in_current_scope``.

Who is acting:

* in a request, the logged-in user (read from ``g._login_user`` / the JWT user,
  never ``current_user``: that would recurse while the user is being loaded);
  nobody logged in sees no scoped row;
* in a job or command, ``with system_context(site_id):`` (``None``: all sites);
* anywhere else a query touching a scoped model raises :class:`ScopeError`.
"""
from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass

from flask import current_app, g, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import event, false, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, with_loader_criteria

from core.audit import AuditLog
from core.context import current_system_context, request_principal
from core.extensions import db
from core.mixins import DealerScoped, OwnerScoped, SiteScoped
from core.models import INTEGER_MAX, Dealer, ErpUser, Site
from core.numbers import whole_number
from core.workflow import InvalidInput


class ScopeError(RuntimeError):
    """Scoped data touched with nobody acting: a programming error, not bad input."""


class ScopeViolation(SQLAlchemyError):
    """A write outside the actor's scope.  ``field`` names the offending column;
    views and APIs answer 422 with ``message``."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Scope:
    """What one actor may see.  ``everything``: a system admin or an all-sites job."""

    site_id: int | None = None
    dealer_id: int | None = None
    owner_id: int | None = None
    everything: bool = False
    nothing: bool = False
    # audit rows readable: None = all of the site, else these tables only
    audit_tables: frozenset | None = None


NOTHING = Scope(nothing=True)
EVERYTHING = Scope(everything=True)


def scope_of_user(user) -> Scope:
    config = current_app.config
    role_names = {role.name for role in user.roles}
    if user.site_id is None:
        return EVERYTHING if config["AUTH_ROLE_ADMIN"] in role_names else NOTHING
    own_only = bool(role_names) and role_names <= set(config["OWN_RECORDS_ROLES"])
    return Scope(site_id=user.site_id, dealer_id=user.dealer_id,
                 owner_id=user.id if own_only else None,
                 audit_tables=_audit_tables(role_names, config))


def _audit_tables(role_names: set[str], config) -> frozenset | None:
    """Site admins read the whole audit trail of their site; other roles only that
    of the models naming them in ``__audit_readers__`` (HR: penalty records)."""
    if role_names & set(config["AUDIT_FULL_ROLES"]):
        return None
    return _audit_tables_read_by(frozenset(role_names))


@functools.lru_cache(maxsize=256)
def _audit_tables_read_by(role_names: frozenset) -> frozenset:
    # the models are all mapped before the first request: read once per set of roles,
    # not at every request (a walk over every mapper)
    from flask_appbuilder import Model

    return frozenset(
        mapper.local_table.name for mapper in Model.registry.mappers
        if role_names & set(getattr(mapper.class_, "__audit_readers__", ())))


def current_scope() -> Scope | None:
    """The acting scope, or None when nobody is acting (outside any context)."""
    system = current_system_context()
    if system is not None:
        site_id = system[1]
        return EVERYTHING if site_id is None else Scope(site_id=site_id)
    if not has_request_context():
        return None
    user = request_principal()
    if user is None:
        return NOTHING
    cached = g.get("_erp_scope")
    if cached is None or cached[0] != user.id:
        g._erp_scope = cached = (user.id, scope_of_user(user))
    return cached[1]


def requested_site_id() -> int:
    """The site a report or a summary of the request is of: the caller's own; a
    system admin (all sites) names one with ``?site_id=``.  Anything else is
    :class:`~core.workflow.InvalidInput` (422) for ``site_id``."""
    scope = current_scope()
    if scope is None or scope.nothing:
        raise InvalidInput({"site_id": [_("Which site?")]})
    if scope.site_id is not None:
        return scope.site_id
    site_id = whole_number(request.args.get("site_id", ""))
    if site_id is None or not 0 < site_id <= INTEGER_MAX \
            or db.session.get(Site, site_id) is None:
        raise InvalidInput({"site_id": [_("Which site? Give its id as site_id.")]})
    return site_id


@functools.lru_cache(maxsize=1024)
def _loader_criteria(scope: Scope) -> tuple:
    """The criteria options of one scope, built once per scope and reused by every
    statement: building them (lambdas analysed, the mappers walked for owner
    columns) cost 7 % of a list request's CPU when done per statement.

    The criteria are lambdas where they can be: SQLAlchemy keys a statement by
    walking its options, and a lambda is keyed by its code and the values it closes
    over, not by the whole expression (a dealer's contract criteria, one subquery
    each, were two thirds of the scope's cost per statement: bench/layers.py)."""
    return tuple(_build_loader_criteria(scope))


def _build_loader_criteria(scope: Scope) -> list:
    if scope.nothing:
        return [with_loader_criteria(SiteScoped, lambda cls: false(), include_aliases=True)]
    site_id, dealer_id, owner_id = scope.site_id, scope.dealer_id, scope.owner_id
    options = [
        with_loader_criteria(SiteScoped, lambda cls: cls.site_id == site_id,
                             include_aliases=True),
        with_loader_criteria(Site, lambda cls: cls.id == site_id, include_aliases=True),
        _visible_users(site_id, dealer_id),
    ]
    if dealer_id is not None:
        options.append(with_loader_criteria(
            DealerScoped, lambda cls: cls.dealer_id == dealer_id, include_aliases=True))
        options.append(with_loader_criteria(Dealer, lambda cls: cls.id == dealer_id,
                                            include_aliases=True))
        for cls in _dealer_criterion_classes():
            options.append(with_loader_criteria(
                cls, lambda cls: cls.__dealer_criterion__(dealer_id), include_aliases=True))
    if scope.audit_tables is not None:
        audit_tables = sorted(scope.audit_tables)
        options.append(with_loader_criteria(AuditLog, AuditLog.model.in_(audit_tables),
                                            include_aliases=True))
    if owner_id is not None:
        # one criterion per class: the owner column's name differs between models
        for cls in _owner_scoped_classes():
            options.append(with_loader_criteria(
                cls, getattr(cls, cls.__owner_column__) == owner_id, include_aliases=True))
        for cls in _owned_children():
            options.append(with_loader_criteria(
                cls, _owned_through_parent(cls, owner_id), include_aliases=True))
    return options


def _dealer_criterion_classes() -> list:
    """Models that say themselves which rows a dealer's people see, when no single
    ``dealer_id`` column can: ``__dealer_criterion__(dealer_id)`` is a classmethod
    returning a SQL condition on the class (a contract whose parties include the
    dealer: ``cls.id.in_(select(party.c.contract_id).where(party.c.dealer_id ==
    dealer_id))``).  It is called inside a lambda, which SQLAlchemy analyses once and
    caches: the condition is built from ``dealer_id`` the same way whatever its value
    (no Python ``if`` on it).  Applied to reads only; such rows have no ``dealer_id``
    to stamp, so the roles (``security/access.csv``) keep dealers from writing them."""
    from flask_appbuilder import Model

    return [mapper.class_ for mapper in Model.registry.mappers
            if getattr(mapper.class_, "__dealer_criterion__", None) is not None]


def _visible_users(site_id, dealer_id):
    """Users of the site; a dealer's people see the site's own staff (their records
    name the technicians) and their own dealer's accounts, never another dealer's.
    Lambdas, so that a join through an alias (a list sorted by
    ``technician.username``) gets the alias's columns, not the table's."""
    if dealer_id is None:
        return with_loader_criteria(ErpUser, lambda cls: cls.site_id == site_id,
                                    include_aliases=True)
    return with_loader_criteria(
        ErpUser, lambda cls: (cls.site_id == site_id) & (
            cls.dealer_id.is_(None) | (cls.dealer_id == dealer_id)),
        include_aliases=True)


# --- rows that belong to a person through their parent ----------------------------

_PARENTS: dict = {}


def owner_parent(cls):
    """The many-to-one relationship through which rows of ``cls`` belong to one
    person's row (a service record's parts belong to the record's technician), or
    None.

    A model names it with ``__scope_parent__ = "record"`` (``None``: it has none);
    otherwise it is derived when exactly one required (NOT NULL) foreign key leads
    to an ``OwnerScoped`` row, or to a row that itself has such a parent.  A model
    that is ``OwnerScoped`` itself has its own owner column instead.
    """
    if cls not in _PARENTS:
        _PARENTS[cls] = None  # a cycle of parents ends here
        _PARENTS[cls] = _find_owner_parent(cls)
    return _PARENTS[cls]


def _find_owner_parent(cls):
    if not isinstance(cls, type) or not issubclass(cls, SiteScoped) \
            or issubclass(cls, OwnerScoped):
        return None
    mapper = inspect(cls)
    if "__scope_parent__" in dir(cls):
        name = cls.__scope_parent__
        return None if name is None else mapper.relationships[name]
    candidates = []
    for relation in mapper.relationships:
        if relation.direction.name != "MANYTOONE" or relation.viewonly:
            continue
        if any(column.nullable for column in relation.local_columns):
            continue
        target = relation.mapper.class_
        if issubclass(target, OwnerScoped) or owner_parent(target) is not None:
            candidates.append(relation)
    return candidates[0] if len(candidates) == 1 else None


def _owned_children() -> list:
    from flask_appbuilder import Model

    return [mapper.class_ for mapper in Model.registry.mappers
            if owner_parent(mapper.class_) is not None]


def _owned_through_parent(cls, owner_id):
    """SQL: the row's parent (or the parent's parent…) belongs to ``owner_id``."""
    relation = owner_parent(cls)
    parent = relation.mapper.class_
    if issubclass(parent, OwnerScoped):
        condition = getattr(parent, parent.__owner_column__) == owner_id
    else:
        condition = _owned_through_parent(parent, owner_id)
    return getattr(cls, relation.key).has(condition)


def _check_owner_parent(connection, target, owner_id) -> None:
    """A person writes a child row only under a row of theirs: the parent chain is
    followed with plain SQL, as stored and as the row now says."""
    relation = owner_parent(type(target))
    if relation is None:
        return
    state = inspect(target)
    column = next(iter(relation.local_columns))
    values = [getattr(target, state.mapper.get_property_by_column(column).key)]
    if state.persistent:
        table = state.mapper.local_table
        values.append(connection.execute(select(table.c[column.name]).where(
            table.c.id == state.identity[0])).scalar())
    for value in values:
        if value is not None and _owner_of(connection, relation.mapper.class_, value) \
                != owner_id:
            raise ScopeViolation(column.name, _(
                "%(field)s %(value)s is outside your scope.", field=column.name,
                value=value))


def _owner_of(connection, cls, row_id):
    table = inspect(cls).local_table
    if issubclass(cls, OwnerScoped):
        return connection.execute(select(table.c[cls.__owner_column__]).where(
            table.c.id == row_id)).scalar()
    relation = owner_parent(cls)
    column = next(iter(relation.local_columns))
    parent_id = connection.execute(select(table.c[column.name]).where(
        table.c.id == row_id)).scalar()
    return None if parent_id is None else _owner_of(connection, relation.mapper.class_,
                                                     parent_id)


def _owner_scoped_classes() -> list:
    from flask_appbuilder import Model

    return [mapper.class_ for mapper in Model.registry.mappers
            if issubclass(mapper.class_, OwnerScoped)]


def _is_scoped(mapper) -> bool:
    return issubclass(mapper.class_, SiteScoped)


_TOUCHES_SCOPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _touches_scoped(state) -> bool:
    """Whether the statement ``state`` runs selects or changes a scoped model.  The
    answer is kept with the statement: the one that loads a request's user
    (core.security) is built once and runs at every request before anybody is known,
    and finding its mappers cost as much as the rest of the hook."""
    statement = state.statement
    known = _TOUCHES_SCOPED.get(statement)
    if known is None:
        known = _TOUCHES_SCOPED[statement] = any(
            _is_scoped(mapper) for mapper in state.all_mappers)
    return known


@event.listens_for(Session, "do_orm_execute")
def _scope_reads(state) -> None:
    if state.is_select:
        if state.is_column_load or state.is_relationship_load:
            return  # the criteria of the statement that loaded the parent apply
    elif not (state.is_update or state.is_delete):
        return
    scope = current_scope()
    if scope is None:
        if any(_is_scoped(mapper) for mapper in state.all_mappers):
            raise ScopeError(
                "scoped rows queried outside a request and outside system_context(): "
                + ", ".join(m.class_.__name__ for m in state.all_mappers))
        return
    if scope.everything:
        return
    if scope.nothing and not has_request_context():
        return
    if scope.nothing and not _touches_scoped(state):
        return  # anonymous requests must still find users to log them in
    state.statement = _scoped(state.statement, scope)


_SCOPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _scoped(statement, scope: Scope, model=None):
    """``statement`` with the scope's criteria (those of ``model`` only, when given).
    Kept with the statement, per scope and model: a statement built once and run at
    every request (core.list_rows) is then keyed by SQLAlchemy once per scope, not
    walked again at each run."""
    kept = _SCOPED.get(statement)
    if kept is None:
        kept = _SCOPED[statement] = {}
    scoped = kept.get((scope, model))
    if scoped is None:
        options = _loader_criteria(scope) if model is None \
            else _loader_criteria_of(scope, model)
        scoped = kept[scope, model] = statement.options(*options)
    return scoped


@functools.lru_cache(maxsize=1024)
def _loader_criteria_of(scope: Scope, model) -> tuple:
    """The scope's criteria that apply to rows of ``model``.  Every option is a bound
    value of the statement's key, which SQLAlchemy pairs with the compiled statement's
    parameters at each run: a dealer's sixteen (users, dealers, sites, audit tables…)
    against the two a service request list uses cost a tenth of its CPU."""
    mapper = inspect(model)
    return tuple(option for option in _loader_criteria(scope)
                 if (issubclass(model, option.root_entity) if option.entity is None
                     else mapper.isa(option.entity.mapper)))


def in_current_scope(statement, model=None):
    """``statement`` with the criteria the ORM adds when it runs it, for SQL that is
    compiled or run outside the session (core.counts' EXPLAIN, core.list_rows): a
    scope of everything adds none.  ``model``: the statement reads that model's
    table only (no relationship is loaded from it), so only its criteria apply."""
    scope = current_scope()
    if scope is None:
        raise ScopeError("scoped rows compiled outside a request and outside "
                         "system_context()")
    return statement if scope.everything else _scoped(statement, scope, model)


# --- write guards --------------------------------------------------------------

def _actor_scope_for_write(target) -> Scope:
    scope = current_scope()
    if scope is None:
        raise ScopeError(f"{target.__class__.__name__} written outside any context")
    if scope.nothing:
        raise ScopeViolation("site_id", _("You must be logged in to change data."))
    return scope


def _check_value(target, field: str, allowed) -> None:
    value = getattr(target, field)
    if value is None:
        setattr(target, field, allowed)
    elif value != allowed:
        raise ScopeViolation(field, _("%(field)s %(value)s is outside your scope.",
                                      field=field, value=value))


def _check_references(connection, target) -> None:
    """A row may only point at rows of its own site (and dealer): checked on the
    foreign keys with plain SQL, so no ORM event or lazy load runs mid-flush."""
    mapper = inspect(target).mapper
    table = mapper.local_table
    site_id = getattr(target, "site_id", None)
    dealer_id = getattr(target, "dealer_id", None)
    state = inspect(target)
    for column in table.columns:
        if column.name in ("site_id",) or not column.foreign_keys:
            continue
        attr = mapper.get_property_by_column(column)
        if state.persistent and not state.attrs[attr.key].history.has_changes():
            continue
        value = getattr(target, attr.key)
        if value is None:
            continue
        referred = next(iter(column.foreign_keys)).column.table
        wanted = [c for c in ("site_id", "dealer_id") if c in referred.c]
        if referred.name == "site" or not wanted:
            continue
        row = connection.execute(
            select(*[referred.c[c] for c in wanted]).where(
                next(iter(column.foreign_keys)).column == value)).first()
        if row is None:
            raise ScopeViolation(column.name, _(
                "%(field)s %(value)s does not exist.", field=column.name, value=value))
        found = dict(zip(wanted, row))
        if referred.name == "dealer":
            found["dealer_id"] = value
        if site_id is not None and found.get("site_id") not in (None, site_id):
            raise ScopeViolation(column.name, _(
                "%(field)s %(value)s belongs to another site.", field=column.name,
                value=value))
        if (dealer_id is not None and found.get("dealer_id") is not None
                and found["dealer_id"] != dealer_id):
            raise ScopeViolation(column.name, _(
                "%(field)s %(value)s belongs to another dealer.", field=column.name,
                value=value))


def _guard_write(target, connection, deleting=False) -> None:
    scope = _actor_scope_for_write(target)
    if scope.everything:
        if not deleting:
            _check_references(connection, target)
        return
    if deleting or inspect(target).persistent:
        _check_persisted_owner(target, scope, connection)
    if scope.owner_id is not None:
        _check_owner_parent(connection, target, scope.owner_id)
    if deleting:
        return
    if scope.site_id is not None:
        _check_value(target, "site_id", scope.site_id)
    if isinstance(target, DealerScoped) and scope.dealer_id is not None:
        _check_value(target, "dealer_id", scope.dealer_id)
    if isinstance(target, OwnerScoped) and scope.owner_id is not None:
        _check_value(target, target.__owner_column__, scope.owner_id)
    _check_references(connection, target)


def _check_persisted_owner(target, scope: Scope, connection) -> None:
    """The row as stored must be in scope: nobody moves or deletes a foreign row."""
    table = inspect(target).mapper.local_table
    stored = connection.execute(
        select(table).where(table.c.id == inspect(target).identity[0])).mappings().first()
    if stored is None:
        return
    if scope.site_id is not None and stored.get("site_id") != scope.site_id:
        raise ScopeViolation("site_id", _("This row is outside your scope."))
    if scope.dealer_id is not None and "dealer_id" in stored \
            and stored["dealer_id"] != scope.dealer_id:
        raise ScopeViolation("dealer_id", _("This row is outside your scope."))


@event.listens_for(SiteScoped, "before_insert", propagate=True)
@event.listens_for(SiteScoped, "before_update", propagate=True)
def _guard_insert_update(mapper, connection, target) -> None:
    _guard_write(target, connection)


@event.listens_for(SiteScoped, "before_delete", propagate=True)
def _guard_delete(mapper, connection, target) -> None:
    _guard_write(target, connection, deleting=True)


@event.listens_for(Site, "before_insert")
@event.listens_for(Site, "before_update")
@event.listens_for(Site, "before_delete")
def _guard_site(mapper, connection, target) -> None:
    """Sites are created and changed by the system admin (or a command) only."""
    scope = current_scope()
    if scope is not None and not scope.everything:
        raise ScopeViolation("site", _("Only a system administrator can change sites."))


@event.listens_for(ErpUser, "before_insert")
@event.listens_for(ErpUser, "before_update")
def _guard_user(mapper, connection, target) -> None:
    """Site admins manage the users of their site only; a user's site is stamped."""
    scope = current_scope()
    if scope is None or scope.everything or scope.nothing:
        return  # CLI (fab create-admin), login bookkeeping, system jobs
    if inspect(target).persistent:
        _check_persisted_owner(target, scope, connection)
    _check_value(target, "site_id", scope.site_id)
    if scope.dealer_id is not None:
        _check_value(target, "dealer_id", scope.dealer_id)
    _check_references(connection, target)
