"""States moved only by explicit transitions, and optimistic locking.

A business record keeps its state in one column and lists its transitions in one
table next to it::

    class ExpenseClaim(Workflow, OwnerScoped, Model):
        state = Column(String(20), nullable=False, default=DRAFT, index=True)
        __transitions__ = (
            Transition("submit", (DRAFT, REJECTED), SUBMITTED, at="submitted_at",
                       label=N_("Submit")),
            Transition("approve", (SUBMITTED,), MANAGER_APPROVED, at="approved_at",
                       by="approver_id", label=N_("Approve")),
            Transition("reject", (SUBMITTED, MANAGER_APPROVED, FINANCE_APPROVED), REJECTED,
                       needs_reason=True, at="rejected_at", why="reject_reason",
                       label=N_("Reject")),
        )

        def _check_submit(self, reason):   # optional precondition
            if not self.lines:
                raise TransitionRefused(_("Claim %(number)s has no lines.", ...))

A transition records itself in the columns it names: ``at`` when it was taken,
``why`` its reason, ``by`` who took it (``core.context.acting_user``; None for the
system); a ``_do_<name>`` method does what more it brings.
Each transition is a permission of its own (``can_<name>``) on the addon's view and
API; an illegal one raises :class:`TransitionRefused` (409), nothing half-applied;
every one is audited with who, when, from, to and why.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declared_attr

from core.context import acting_user_id
from core.models import utcnow


class TransitionRefused(Exception):
    """The record's state or a precondition forbids the transition (HTTP 409)."""

    status = 409


class InvalidInput(Exception):
    """Bad input for a transition, per field (HTTP 422)."""

    status = 422

    def __init__(self, messages: dict[str, list[str]]):
        super().__init__(messages)
        self.messages = messages

    def __str__(self) -> str:
        """The messages as sentences: FAB's pages flash ``str()`` of what a save
        raises."""
        return " ".join(str(message) for messages in self.messages.values()
                        for message in messages)


class StaleVersion(Exception):
    """The client edited an older version of the record (HTTP 409)."""

    status = 409


def N_(message: str) -> str:
    """Marks a message for extraction (``pybabel extract -k N_``) that is stored as
    written and translated where it is shown, such as a transition's label."""
    return message


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False
    label: str = ""  # English, marked with N_(): translated by ``title``
    at: str | None = None  # the column that records when it was taken
    why: str | None = None  # the column that keeps its reason
    by: str | None = None  # the column that records who took it (a user's id)

    @property
    def title(self) -> str:
        """The label in the user's language, for buttons, headings and messages."""
        return _(self.label or self.name)


class Versioned:
    """A version column SQLAlchemy checks on every UPDATE: a concurrent writer
    that read the same version loses with ``StaleDataError``."""

    @declared_attr
    def version(cls):
        return Column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class Workflow(Versioned):
    __transitions__: tuple[Transition, ...] = ()
    __state_column__ = "state"

    @classmethod
    def transitions(cls) -> dict[str, Transition]:
        return {transition.name: transition for transition in cls.__transitions__}

    def available_transitions(self) -> list[Transition]:
        state = getattr(self, self.__state_column__)
        return [t for t in self.__transitions__ if state in t.sources]

    def check_version(self, version) -> None:
        """Refuse when the client saw another version than the stored one."""
        if version is None:
            return
        try:
            seen = int(version)
        except (TypeError, ValueError) as error:
            raise InvalidInput({"version": [_("The version must be a whole number.")]}) \
                from error
        if seen != self.version:
            raise StaleVersion(_(
                "This record was changed by someone else (version %(stored)s, you "
                "edited version %(seen)s). Reload it and try again.",
                stored=self.version, seen=seen))

    def apply_transition(self, name: str, reason: str | None = None) -> None:
        """Move the record by transition ``name``; raise before changing anything."""
        transition = self.transitions().get(name)
        if transition is None:
            raise TransitionRefused(_("There is no action %(action)s here.", action=name))
        state = getattr(self, self.__state_column__)
        if state not in transition.sources:
            raise TransitionRefused(_(
                "%(record)s is %(state)s; it cannot be moved by %(action)s.",
                record=self.__class__.__name__, state=state, action=name))
        reason = (reason or "").strip() or None
        if transition.needs_reason and not reason:
            raise InvalidInput({"reason": [_("A reason is required to %(action)s.",
                                             action=name)]})
        check = getattr(self, f"_check_{name}", None)
        if check is not None:
            check(reason)
        setattr(self, self.__state_column__, transition.target)
        if transition.at:
            setattr(self, transition.at, utcnow())
        if transition.why:
            setattr(self, transition.why, reason)
        if transition.by:
            setattr(self, transition.by, acting_user_id())
        do = getattr(self, f"_do_{name}", None)
        if do is not None:
            do(reason)
        # picked up by the audit trail at flush
        self._erp_transition = (name, state, transition.target, reason)
