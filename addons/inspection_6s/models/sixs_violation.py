"""A violation found by an inspection: a person broke a checklist rule, or did not
do the weekly clean-up (6S大整顿) to standard — a violation of its own kind that
costs more [004 制度3 十二].

The local date, week (Monday) and month of ``occurred_at`` are derived when the
row is written, in the site's time zone: the monthly score is then a plain SQL
aggregate on any database (SQLite has no time zones), and a fact stays in the
month it was counted in even if the site's time zone changes later.
"""
import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (Column, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        case, func, inspect, select)
from sqlalchemy.orm import relationship

from core import clock, localtime, settings
from core.extensions import db
from core.happened import happened
from core.indexes import list_indexes
from core.mixins import OwnerScoped
from core.models import user_reference, utcnow
from core.names import code_name
from core.setting_types import WEEKDAYS
from core.storage import StoredFileMixin
from core.validation import changed, related

from ..rules import Rules
from ..vocab import KIND_CLEANUP, KIND_ITEM, KINDS
from .common import acting_site_id, as_integer, staff_problem
from .sixs_checklist_item import SixsChecklistItem
from .sixs_month_close import SixsMonthClose

# the columns a closed month protects: they decide the figures handed to HR
FIGURE_COLUMNS = ("person_id", "kind", "checklist_item_id", "occurred_at")


class SixsViolation(StoredFileMixin, OwnerScoped, Model):
    __tablename__ = "sixs_violation"
    __owner_column__ = "person_id"
    __table_args__ = (
        Index("ix_sixs_violation_site_month_person", "site_id", "month", "person_id"),
        Index("ix_sixs_violation_site_week", "site_id", "week_start"),
        *list_indexes("sixs_violation", "-occurred_at"),
    )
    id = Column(Integer, primary_key=True)
    inspection_id = Column(Integer, ForeignKey("sixs_inspection.id"), index=True)
    inspection = relationship("SixsInspection", backref="violations")
    person_id, person = user_reference(nullable=False, index=True)
    kind = Column(String(16), nullable=False, default=KIND_ITEM)
    checklist_item_id = Column(Integer, ForeignKey("sixs_checklist_item.id"), index=True)
    checklist_item = relationship("SixsChecklistItem")
    occurred_at = happened(DateTime, nullable=False, default=utcnow)
    note = Column(Text)
    # derived from occurred_at in the site's time zone when written
    local_date = Column(Date, nullable=False)
    week_start = Column(Date, nullable=False)
    month = Column(String(7), nullable=False)

    # --- computed values ------------------------------------------------------------
    kind_label = code_name("kind", KINDS)

    def __repr__(self) -> str:
        return f"#{self.id} {self.kind} {self.local_date}"

    # --- computed values (core.validation runs these at every write) ---------------
    def _derive(self) -> None:
        """The site (the actor's), the kind, when it happened (the inspection's time,
        or the last clean-up for a failed one) and its local day, week and month."""
        self.site_id = self.site_id or acting_site_id()
        self.kind = self.kind or KIND_ITEM
        if self.site_id is None:
            return
        zone = clock.site_zone(self.site_id)
        if self.occurred_at is None:
            inspection = related(self, "inspection")
            if self.kind == KIND_CLEANUP:
                self.occurred_at = last_cleanup(self.site_id, utcnow(), zone)
            elif inspection is not None and inspection.inspected_at is not None:
                self.occurred_at = inspection.inspected_at
            else:
                self.occurred_at = utcnow()
        self.occurred_at = localtime.as_utc(self.occurred_at)
        day = clock.local_date(self.occurred_at, zone)
        self.local_date, self.week_start, self.month = \
            day, clock.week_start(day), clock.month_of(day)

    # --- checks ---------------------------------------------------------------------
    def _check_site(self):
        return None if self.site_id is not None else {"site_id": _("Which site?")}

    def _check_kind(self):
        if self.kind not in KINDS:
            return {"kind": _("%(value)s is not a kind of violation; use one of "
                              "%(allowed)s.", value=self.kind, allowed=", ".join(KINDS))}
        return None

    def _check_checklist_item(self):
        item_id = self.checklist_item_id if self.checklist_item is None \
            else self.checklist_item.id
        if self.kind == KIND_ITEM and item_id is None:
            return {"checklist_item_id": _("Which checklist rule was broken?")}
        if self.kind == KIND_CLEANUP and item_id is not None:
            return {"checklist_item_id": _(
                "A failed weekly clean-up is recorded without a checklist rule.")}
        if self.kind == KIND_ITEM and changed(self, "checklist_item_id", "checklist_item"):
            item_state = db.session.execute(
                select(SixsChecklistItem.state).where(SixsChecklistItem.id == item_id)
            ).scalar()
            if item_state != "active":
                return {"checklist_item_id": _(
                    "Checklist item %(id)s is retired or unknown; it takes no new "
                    "violations.", id=item_id)}
        return None

    def _check_person(self):
        person_id = self.person_id if self.person is None else self.person.id
        if person_id is None:
            return {"person_id": _("Who broke the rule?")}
        if self.site_id is not None and changed(self, "person_id"):
            return staff_problem("person_id", person_id, self.site_id)
        return None

    def _check_month_open(self):
        """A closed month's figures stand as HR received them: none of its violations
        is added, moved in or out, or changed."""
        if self.month is None or not changed(self, *FIGURE_COLUMNS):
            return None
        months = {self.month} | set(inspect(self).attrs["month"].history.deleted or ())
        closed = db.session.execute(
            select(SixsMonthClose.month).where(SixsMonthClose.site_id == self.site_id,
                                               SixsMonthClose.month.in_(months))
        ).scalars().first()
        if closed:
            return {"occurred_at": _("The 6S month %(month)s is closed; its violations can "
                                     "no longer change.", month=closed)}
        return None

    def _check_one_cleanup_a_week(self):
        if self.kind != KIND_CLEANUP or self.week_start is None \
                or not changed(self, *FIGURE_COLUMNS):
            return None
        query = select(SixsViolation.id).where(
            SixsViolation.site_id == self.site_id,
            SixsViolation.person_id == self.person_id,
            SixsViolation.kind == KIND_CLEANUP,
            SixsViolation.week_start == self.week_start)
        if self.id is not None:
            query = query.where(SixsViolation.id != self.id)
        if db.session.execute(query).first():
            return {"kind": _("The failed clean-up of the week of %(week)s is already "
                              "recorded for this person.",
                              week=self.week_start.isoformat())}
        return None

    def _check_delete(self):
        closed = db.session.execute(
            select(SixsMonthClose.month).where(SixsMonthClose.site_id == self.site_id,
                                               SixsMonthClose.month == self.month)
        ).scalar()
        if closed:
            return {"id": _("The 6S month %(month)s is closed; its violations can no "
                            "longer change.", month=closed)}
        return None


def last_cleanup(site_id: int, now_utc: datetime.datetime, zone) -> datetime.datetime:
    """The latest weekly clean-up moment (site setting, default Friday 18:00) at or
    before ``now_utc``, as naive UTC: when a failed clean-up happened unless the
    inspector says otherwise."""
    weekday = WEEKDAYS.index(settings.get(site_id, "inspection_6s.cleanup_weekday"))
    at = settings.get(site_id, "inspection_6s.cleanup_time")
    local_now = clock.local(now_utc, zone).replace(tzinfo=None)
    day = local_now.date() - datetime.timedelta(days=(local_now.weekday() - weekday) % 7)
    moment = datetime.datetime.combine(day, at)
    if moment > local_now:
        moment -= datetime.timedelta(days=7)
    return localtime.to_utc(moment, zone)


def ranked_violations(site_id: int, months, rules: Rules, owner_id: int | None = None):
    """A SELECT of the violations of ``months`` with each one's points."""
    months = list(months)
    # a violation's place in its person's month (the month only matters across months)
    partition = (SixsViolation.person_id, SixsViolation.kind) if len(months) == 1 \
        else (SixsViolation.person_id, SixsViolation.month, SixsViolation.kind)
    place = func.row_number().over(partition_by=partition,
                                   order_by=(SixsViolation.occurred_at, SixsViolation.id))
    points = case(
        (SixsViolation.kind == KIND_CLEANUP, as_integer(rules.points_per_cleanup_failure)),
        (place >= as_integer(max(rules.violation_threshold, 1)),
         as_integer(rules.points_from_threshold)),
        else_=as_integer(rules.points_per_violation))
    query = select(SixsViolation.id, SixsViolation.person_id, SixsViolation.kind,
                   SixsViolation.month, SixsViolation.week_start, SixsViolation.local_date,
                   SixsViolation.checklist_item_id, points.label("points")) \
        .where(SixsViolation.site_id == site_id, SixsViolation.month.in_(months))
    if owner_id is not None:
        query = query.where(SixsViolation.person_id == owner_id)
    return query
