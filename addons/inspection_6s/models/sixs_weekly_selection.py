"""The Friday selection of the week's best and worst 6S performer [004 制度3 十二.2-3].

The system proposes both from the week's deductions (``scoring.propose_week``);
a manager confirms the proposal or changes it first.  Only confirmed selections
count, for the month their Friday falls in: at least 4 times best in a month
earns the reward, at least 4 times worst costs the penalty (both per-site
settings), once per month whether it has 4 or 5 Fridays.
"""
import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint,
                        inspect, select)
from sqlalchemy.orm import object_session, relationship

from core.mixins import SiteScoped
from core.models import ErpUser
from core.workflow import N_, InvalidInput, Transition, TransitionRefused, Workflow

from .. import periods
from ..vocab import STATES, label

PERSON_COLUMNS = ("best_person_id", "worst_person_id")


class SixsWeeklySelection(Workflow, SiteScoped, Model):
    __tablename__ = "sixs_weekly_selection"
    __table_args__ = (UniqueConstraint("site_id", "week_start"),)
    id = Column(Integer, primary_key=True)
    # Monday of the week; any day of the week may be given, it is moved to Monday
    week_start = Column(Date, nullable=False)
    friday = Column(Date, nullable=False)
    # the month the Friday falls in: the month the selection counts for
    month = Column(String(7), nullable=False, index=True)
    proposed_best_id = Column(Integer, ForeignKey("ab_user.id"))
    proposed_best = relationship(ErpUser, foreign_keys=[proposed_best_id])
    proposed_worst_id = Column(Integer, ForeignKey("ab_user.id"))
    proposed_worst = relationship(ErpUser, foreign_keys=[proposed_worst_id])
    best_person_id = Column(Integer, ForeignKey("ab_user.id"), index=True)
    best_person = relationship(ErpUser, foreign_keys=[best_person_id])
    worst_person_id = Column(Integer, ForeignKey("ab_user.id"), index=True)
    worst_person = relationship(ErpUser, foreign_keys=[worst_person_id])
    note = Column(Text)
    state = Column(String(16), nullable=False, default="proposed")

    __transitions__ = (
        Transition("confirm", ("proposed",), "confirmed", label=N_("Confirm")),
        Transition("repropose", ("proposed",), "proposed", label=N_("Propose again")),
        Transition("reopen", ("confirmed",), "proposed", needs_reason=True,
                   label=N_("Reopen")),
    )

    def __repr__(self) -> str:
        return f"{self.week_start}"

    @property
    def state_label(self) -> str:
        return label(STATES, self.state)

    # --- checks ---------------------------------------------------------------------
    def _check_month_open(self) -> None:
        from .sixs_month_close import SixsMonthClose

        session = object_session(self)
        if session is not None and session.execute(
                select(SixsMonthClose.id).where(SixsMonthClose.site_id == self.site_id,
                                                SixsMonthClose.month == self.month)).first():
            raise TransitionRefused(_(
                "The 6S month %(month)s is closed; its selections can no longer change.",
                month=self.month))

    def _check_confirm(self, reason):
        self._check_month_open()
        if self.best_person_id is None and self.worst_person_id is None:
            raise TransitionRefused(_(
                "Choose the best or the worst performer of the week before confirming."))

    def _check_repropose(self, reason):
        self._check_month_open()

    def _check_reopen(self, reason):
        self._check_month_open()

    # --- transitions ----------------------------------------------------------------
    def _do_repropose(self, reason):
        self.fill_proposal(object_session(self), overwrite=True)

    # --- helpers --------------------------------------------------------------------
    def fill_proposal(self, session, overwrite: bool) -> None:
        from ..scoring import propose_week

        best_id, worst_id = propose_week(session, self.site_id, self.week_start)
        self.proposed_best_id, self.proposed_worst_id = best_id, worst_id
        if overwrite or (self.best_person_id is None and self.worst_person_id is None):
            self.best_person_id, self.worst_person_id = best_id, worst_id

    def validate(self, session, site_id, creating: bool) -> None:
        """Normalise the week and check the people; InvalidInput (422) otherwise."""
        from .sixs_month_close import SixsMonthClose

        if site_id is None:
            raise InvalidInput({"site_id": [_("Which site?")]})
        self.site_id = site_id
        state = inspect(self)
        if isinstance(self.week_start, datetime.datetime):
            self.week_start = self.week_start.date()
        if not isinstance(self.week_start, datetime.date):
            raise InvalidInput({"week_start": [_("Which week? Give a date of it.")]})
        if creating or state.attrs["week_start"].history.has_changes():
            if not creating:
                raise InvalidInput({"week_start": [_(
                    "The week of a selection cannot change; create another one.")]})
            self.week_start = periods.week_start(self.week_start)
            self.friday = self.week_start + datetime.timedelta(days=4)
            self.month = periods.month_of(self.friday)
        problems = {}
        for column in PERSON_COLUMNS:
            person_id = getattr(self, column)
            relation = getattr(self, column.replace("_id", ""))
            if relation is not None:
                person_id = relation.id
            if person_id is None or not (creating or state.attrs[column].history.has_changes()
                                         or state.attrs[column.replace("_id", "")]
                                         .history.has_changes()):
                continue
            person = session.execute(
                select(ErpUser.site_id, ErpUser.dealer_id).where(ErpUser.id == person_id)
            ).first()
            if person is None or person.site_id != site_id or person.dealer_id is not None:
                problems[column] = [_("User %(id)s is not a member of this site's staff.",
                                      id=person_id)]
        if problems:
            raise InvalidInput(problems)
        best = self.best_person.id if self.best_person is not None else self.best_person_id
        worst = self.worst_person.id if self.worst_person is not None \
            else self.worst_person_id
        if best is not None and best == worst:
            raise InvalidInput({"worst_person_id": [_(
                "The same person cannot be the best and the worst of one week.")]})
        if not creating and self.state == "confirmed" and any(
                state.attrs[c].history.has_changes() for c in PERSON_COLUMNS) and \
                getattr(self, "_erp_transition", None) is None:
            raise InvalidInput({"best_person_id": [_(
                "A confirmed selection changes only after it is reopened.")]})
        if creating or any(state.attrs[c].history.has_changes()
                           for c in PERSON_COLUMNS + ("state",)):
            if session.execute(
                    select(SixsMonthClose.id).where(SixsMonthClose.site_id == site_id,
                                                    SixsMonthClose.month == self.month)
            ).first():
                raise InvalidInput({"week_start": [_(
                    "The 6S month %(month)s is closed; its selections can no longer "
                    "change.", month=self.month)]})
        if creating:
            self.state = "proposed"
            self.fill_proposal(session, overwrite=False)
