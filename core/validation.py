"""One way to check a row: ``_check_*`` methods on its model, run by the host at
every write — page, API, job, demo, event listener — so no write path can skip them.

A model declares, in this order (``style.md``)::

    __parent__ = "record"         # a row part of another: takes its site and dealer
    def _derive(self):            # computed values: number, deadlines, local month…
        ...
    def _check_quantity(self):    # one rule; a message per field, or nothing
        if self.quantity is not None and self.quantity < 0:
            return {"quantity": _("The quantity cannot be negative.")}
    def _check_delete(self):      # only when the row is deleted
        ...
    def _on_created(self):        # once the row is stored (it has its id): events
        emit("parts_catalogue.part_listed", self.site_id, part_id=self.id)

At each flush the host gives each new or changed row the site (and dealer) of
its ``__parent__`` where it has none (``SiteScoped``), then runs ``_derive`` and
every ``_check_*`` of the row (a page runs them before, too, to show the messages
on its form, so ``_derive`` must give the same result run twice), gathers the
messages of all checks per field and raises one
:class:`~core.workflow.InvalidInput` (the API answers 422, a page shows the
messages).  A check may also raise ``InvalidInput`` itself; any other refusal it
raises (``TransitionRefused``: 409) passes unchanged.  ``creating(row)`` tells a
check whether the row is new.  Methods named after a transition
(``_check_submit``) are that transition's precondition (``core.workflow``) and are
not run here.

``_on_created`` runs when the transaction commits, after a last flush and before
the commit itself: what it emits, and what listeners write, commits or rolls back
with the row — one transaction, no second commit.  A listener that raises leaves
nothing behind.
"""
from __future__ import annotations

import functools

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from core import happened
from core.extensions import db
from core.workflow import InvalidInput, Workflow

CREATED = "erp_created_rows"


def creating(row) -> bool:
    """Whether ``row`` is not stored yet (new, or being added)."""
    return not inspect(row).persistent


def changed(row, *attributes: str) -> bool:
    """Whether ``row`` is new or one of ``attributes`` changed since it was loaded:
    a rule about those values need not look at an unchanged stored row again."""
    state = inspect(row)
    return not state.persistent or any(
        state.attrs[name].history.has_changes() for name in attributes)


def related(row, name: str):
    """The row that relationship ``name`` of ``row`` points at — also on a new row
    given only the id (SQLAlchemy loads nothing for a row not stored yet)."""
    value = getattr(row, name)
    if value is not None:
        return value
    relationship = inspect(type(row)).relationships[name]
    columns = list(relationship.local_columns)
    if len(columns) != 1:
        return None
    key = inspect(type(row)).get_property_by_column(columns[0]).key
    target_id = getattr(row, key)
    return None if target_id is None else db.session.get(relationship.mapper.class_,
                                                          target_id)


def chosen(row, name: str, message, field: str | None = None) -> dict | None:
    """A check's answer for a required relationship: None when ``row`` points at a
    row through ``name`` (``related``), else ``{field or name: message}``."""
    return None if related(row, name) is not None else {field or name: message}


def given(row, name: str, message) -> dict | None:
    """A check's answer for a required text: None when attribute ``name`` of ``row``
    holds more than blanks, else ``{name: message}``."""
    value = getattr(row, name)
    return None if isinstance(value, str) and value.strip() else {name: message}


@functools.lru_cache(maxsize=None)
def _checks(cls) -> tuple[str, ...]:
    transitions = set(cls.transitions()) if issubclass(cls, Workflow) else set()
    return tuple(sorted(
        name for name in dir(cls)
        if name.startswith("_check_") and name != "_check_delete"
        and name[len("_check_"):] not in transitions and callable(getattr(cls, name))))


def _merge(problems: dict, found) -> None:
    for field, messages in (found or {}).items():
        messages = [messages] if isinstance(messages, str) or not isinstance(
            messages, (list, tuple)) else messages
        problems.setdefault(field, []).extend(messages)


def check(row) -> None:
    """Derive and check ``row`` now (a page does, to show the messages on its form);
    raises :class:`InvalidInput` with every problem by field.  What the checks read
    flushes nothing: a page's row is not in the session yet, though a row it belongs
    to may be."""
    problems: dict[str, list] = {}
    with db.session.no_autoflush:
        parent = getattr(type(row), "__parent__", None)
        if parent is not None:
            row._belong_to(related(row, parent))
        derive = getattr(row, "_derive", None)
        if derive is not None:
            derive()
        future = happened.future_problems(row, db.session.connection())
        _merge(problems, future)
        for name in _checks(type(row)):
            try:
                _merge(problems, getattr(row, name)())
            except InvalidInput as error:
                _merge(problems, error.messages)
    if problems:
        raise (happened.FutureRefused if future else InvalidInput)(problems)


def check_delete(row) -> None:
    refuse = getattr(row, "_check_delete", None)
    if refuse is None:
        return
    problems: dict[str, list] = {}
    _merge(problems, refuse())
    if problems:
        raise InvalidInput(problems)


def _declares_checks(row) -> bool:
    cls = type(row)
    return getattr(cls, "__parent__", None) is not None or hasattr(cls, "_derive") \
        or bool(_checks(cls))


@event.listens_for(Session, "before_flush")
def _check_rows(session, flush_context, instances) -> None:
    seen: set[int] = set()
    while True:  # a derive may add rows (they are checked too)
        pending = [row for row in list(session.new) + list(session.dirty)
                   if id(row) not in seen and row not in session.deleted]
        if not pending:
            break
        for row in pending:
            seen.add(id(row))
            if not _declares_checks(row):
                continue
            if row in session.dirty and not session.is_modified(
                    row, include_collections=False):
                continue
            check(row)
    for row in list(session.deleted):
        check_delete(row)


@event.listens_for(Session, "after_flush")
def _note_created(session, flush_context) -> None:
    created = [row for row in session.new if hasattr(type(row), "_on_created")]
    if created:
        session.info.setdefault(CREATED, []).extend(created)


@event.listens_for(Session, "before_commit")
def _announce_created(session) -> None:
    """The created rows' events, inside the transaction that stores the rows."""
    session.flush()
    while session.info.get(CREATED):
        rows, session.info[CREATED] = session.info[CREATED], []
        for row in rows:
            row._on_created()
        session.flush()


@event.listens_for(Session, "after_soft_rollback")
def _forget_created(session, previous_transaction) -> None:
    session.info.pop(CREATED, None)
