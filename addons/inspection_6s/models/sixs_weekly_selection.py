"""The Friday selection of the week's best and worst 6S performer [004 制度3 十二.2-3].

The system proposes both from the week's deductions (``propose_week``, below);
a manager confirms the proposal or changes it first.  Only confirmed selections
count, for the month their Friday falls in: at least 4 times best in a month
earns the reward, at least 4 times worst costs the penalty (both per-site
settings), once per month whether it has 4 or 5 Fridays.
"""
import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Column, Date, Integer, String, Text,
                        and_, case, func, select, union_all)
from sqlalchemy.orm import object_session

from core import clock
from core.extensions import db
from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.models import user_reference
from core.names import code_name
from core.validation import changed, creating
from core.workflow import N_, Transition, TransitionRefused, Workflow

from ..rules import Rules
from ..vocab import STATES
from .common import ONE, ZERO, acting_site_id, scored_roster, staff_problem
from .sixs_month_close import SixsMonthClose
from .sixs_violation import ranked_violations

PERSON_COLUMNS = ("best_person_id", "worst_person_id")


class SixsWeeklySelection(Workflow, SiteScoped, Model):
    __tablename__ = "sixs_weekly_selection"
    __table_args__ = (unique_in_site("week_start", listed="desc"),)
    id = Column(Integer, primary_key=True)
    # Monday of the week; any day of the week may be given, it is moved to Monday
    week_start = Column(Date, nullable=False)
    friday = Column(Date, nullable=False)
    # the month the Friday falls in: the month the selection counts for
    month = Column(String(7), nullable=False, index=True)
    proposed_best_id, proposed_best = user_reference()
    proposed_worst_id, proposed_worst = user_reference()
    best_person_id, best_person = user_reference(index=True)
    worst_person_id, worst_person = user_reference(index=True)
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

    state_label = code_name("state", STATES)

    # --- computed values (core.validation runs these at every write) ---------------
    def _derive(self) -> None:
        """The week moved to its Monday, its Friday and month; a new selection starts
        as the system's proposal."""
        self.site_id = self.site_id or acting_site_id()
        if isinstance(self.week_start, datetime.datetime):
            self.week_start = self.week_start.date()
        if not creating(self) or not isinstance(self.week_start, datetime.date) \
                or self.site_id is None:
            return
        self.week_start = clock.week_start(self.week_start)
        self.friday = self.week_start + datetime.timedelta(days=4)
        self.month = clock.month_of(self.friday)
        self.state = "proposed"
        self.fill_proposal(db.session, overwrite=False)

    # --- checks ---------------------------------------------------------------------
    def _check_site(self):
        return None if self.site_id is not None else {"site_id": _("Which site?")}

    def _check_week(self):
        if not isinstance(self.week_start, datetime.date):
            return {"week_start": _("Which week? Give a date of it.")}
        if not creating(self) and changed(self, "week_start"):
            return {"week_start": _(
                "The week of a selection cannot change; create another one.")}
        return None

    def _check_people(self):
        problems = {}
        for column in PERSON_COLUMNS:
            relation = column.replace("_id", "")
            person = getattr(self, relation)
            person_id = person.id if person is not None else getattr(self, column)
            if person_id is not None and self.site_id is not None \
                    and changed(self, column, relation):
                problems.update(staff_problem(column, person_id, self.site_id) or {})
        if problems:
            return problems
        best = self.best_person.id if self.best_person is not None else self.best_person_id
        worst = self.worst_person.id if self.worst_person is not None \
            else self.worst_person_id
        if best is not None and best == worst:
            return {"worst_person_id": _(
                "The same person cannot be the best and the worst of one week.")}
        return None

    def _check_confirmed_stays(self):
        if not creating(self) and self.state == "confirmed" \
                and changed(self, *PERSON_COLUMNS) \
                and getattr(self, "_erp_transition", None) is None:
            return {"best_person_id": _(
                "A confirmed selection changes only after it is reopened.")}
        return None

    def _check_month_open(self):
        if self.month is None or not changed(self, *PERSON_COLUMNS, "state"):
            return None
        if self._month_closed():
            return {"week_start": _("The 6S month %(month)s is closed; its selections "
                                    "can no longer change.", month=self.month)}
        return None

    def _month_closed(self) -> bool:
        return db.session.execute(
            select(SixsMonthClose.id).where(SixsMonthClose.site_id == self.site_id,
                                            SixsMonthClose.month == self.month)
        ).first() is not None

    def _refuse_in_closed_month(self) -> None:
        if self._month_closed():
            raise TransitionRefused(_(
                "The 6S month %(month)s is closed; its selections can no longer change.",
                month=self.month))

    def _check_confirm(self, reason):
        self._refuse_in_closed_month()
        if self.best_person_id is None and self.worst_person_id is None:
            raise TransitionRefused(_(
                "Choose the best or the worst performer of the week before confirming."))

    def _check_repropose(self, reason):
        self._refuse_in_closed_month()

    def _check_reopen(self, reason):
        self._refuse_in_closed_month()

    # --- transitions ----------------------------------------------------------------
    def _do_repropose(self, reason):
        self.fill_proposal(object_session(self), overwrite=True)

    # --- helpers --------------------------------------------------------------------
    def fill_proposal(self, session, overwrite: bool) -> None:
        best_id, worst_id = propose_week(session, self.site_id, self.week_start)
        self.proposed_best_id, self.proposed_worst_id = best_id, worst_id
        if overwrite or (self.best_person_id is None and self.worst_person_id is None):
            self.best_person_id, self.worst_person_id = best_id, worst_id


# --- the Friday proposal ------------------------------------------------------------

def week_points(session, site_id: int, week_start: datetime.date) -> list[dict]:
    """Per person: the week's deduction points and the month-to-date points of the
    month of the week's Friday (up to the week's Sunday), roster included."""
    sunday = week_start + datetime.timedelta(days=6)
    friday = week_start + datetime.timedelta(days=4)
    friday_month = clock.month_of(friday)
    months = sorted({clock.month_of(week_start), clock.month_of(sunday)})
    rules = Rules.for_site(site_id)
    ranked = ranked_violations(site_id, months, rules).subquery("ranked")
    roster = scored_roster(site_id).subquery("roster")
    facts = union_all(
        select(ranked.c.person_id,
               case((ranked.c.week_start == week_start, ranked.c.points), else_=ZERO)
               .label("week"),
               case((and_(ranked.c.month == friday_month, ranked.c.local_date <= sunday),
                     ranked.c.points), else_=ZERO).label("month_to_date"),
               case((ranked.c.week_start == week_start, ONE), else_=ZERO).label("present"))
        .where(ranked.c.local_date <= sunday),
        select(roster.c.person_id, ZERO, ZERO, ONE),
    ).subquery("facts")
    rows = session.execute(
        select(facts.c.person_id, func.sum(facts.c.week), func.sum(facts.c.month_to_date),
               func.sum(facts.c.present))
        .group_by(facts.c.person_id)).all()
    return [{"person_id": row[0], "week": int(row[1] or 0), "month": int(row[2] or 0)}
            for row in rows if row[3]]


def propose_week(session, site_id: int, week_start: datetime.date):
    """(best id, worst id) proposed for the week.  Ties, deterministically:

    * worst: most points this week (at least one point), then most points in the
      month so far, then the lowest user id;
    * best: among the others, fewest points this week, then fewest points in the
      month so far, then the lowest user id.
    """
    people = week_points(session, site_id, week_start)
    offenders = [p for p in people if p["week"] > 0]
    worst = min(offenders, key=lambda p: (-p["week"], -p["month"], p["person_id"]),
                default=None)
    others = [p for p in people if worst is None or p["person_id"] != worst["person_id"]]
    best = min(others, key=lambda p: (p["week"], p["month"], p["person_id"]), default=None)
    return (best["person_id"] if best else None, worst["person_id"] if worst else None)
