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
                        inspect, select)
from sqlalchemy.orm import relationship

from core import localtime, settings
from core.happened import happened
from core.mixins import OwnerScoped
from core.models import ErpUser, utcnow
from core.storage import StoredFileMixin
from core.workflow import InvalidInput

from .. import periods
from ..vocab import KIND_CLEANUP, KIND_ITEM, KINDS, label

# the columns a closed month protects: they decide the figures handed to HR
FIGURE_COLUMNS = ("person_id", "kind", "checklist_item_id", "occurred_at")


class SixsViolation(StoredFileMixin, OwnerScoped, Model):
    __tablename__ = "sixs_violation"
    __owner_column__ = "person_id"
    __table_args__ = (
        Index("ix_sixs_violation_site_month_person", "site_id", "month", "person_id"),
        Index("ix_sixs_violation_site_week", "site_id", "week_start"),
    )
    id = Column(Integer, primary_key=True)
    inspection_id = Column(Integer, ForeignKey("sixs_inspection.id"), index=True)
    inspection = relationship("SixsInspection", backref="violations")
    person_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    person = relationship(ErpUser, foreign_keys=[person_id])
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
    @property
    def kind_label(self) -> str:
        return label(KINDS, self.kind)

    def __repr__(self) -> str:
        return f"#{self.id} {self.kind} {self.local_date}"

    # --- checks ---------------------------------------------------------------------
    def validate(self, session, site_id, creating: bool) -> None:
        """Normalise and check the row before it is written; InvalidInput (422)
        names each bad field.  Called for every insert and every change."""
        from .sixs_checklist_item import SixsChecklistItem
        from .sixs_inspection import SixsInspection
        from .sixs_month_close import SixsMonthClose

        state = inspect(self)
        changed = creating or any(state.attrs[name].history.has_changes()
                                  for name in FIGURE_COLUMNS)
        problems = {}
        if site_id is None:
            raise InvalidInput({"site_id": [_("Which site?")]})
        if self.kind is None:
            self.kind = KIND_ITEM
        if self.kind not in KINDS:
            problems["kind"] = [_("%(value)s is not a kind of violation; use one of "
                                  "%(allowed)s.", value=self.kind, allowed=", ".join(KINDS))]
        item_id = self.checklist_item_id if self.checklist_item is None \
            else self.checklist_item.id
        if self.kind == KIND_ITEM and item_id is None:
            problems["checklist_item_id"] = [_("Which checklist rule was broken?")]
        if self.kind == KIND_CLEANUP and item_id is not None:
            problems["checklist_item_id"] = [_(
                "A failed weekly clean-up is recorded without a checklist rule.")]
        if self.kind == KIND_ITEM and item_id is not None and (
                creating or state.attrs["checklist_item_id"].history.has_changes()
                or state.attrs["checklist_item"].history.has_changes()):
            item_state = session.execute(
                select(SixsChecklistItem.state).where(SixsChecklistItem.id == item_id)
            ).scalar()
            if item_state != "active":
                problems["checklist_item_id"] = [_(
                    "Checklist item %(id)s is retired or unknown; it takes no new "
                    "violations.", id=item_id)]
        person_id = self.person_id if self.person is None else self.person.id
        if person_id is None:
            problems["person_id"] = [_("Who broke the rule?")]
        elif creating or state.attrs["person_id"].history.has_changes():
            person = session.execute(
                select(ErpUser.site_id, ErpUser.dealer_id).where(ErpUser.id == person_id)
            ).first()
            if person is None or person.site_id != site_id or person.dealer_id is not None:
                problems["person_id"] = [_(
                    "User %(id)s is not a member of this site's staff.", id=person_id)]
        if problems:
            raise InvalidInput(problems)

        zone = periods.site_timezone(site_id)
        if self.occurred_at is None:
            inspection = self.inspection
            if inspection is None and self.inspection_id is not None:
                inspection = session.get(SixsInspection, self.inspection_id)
            if self.kind == KIND_CLEANUP:
                self.occurred_at = last_cleanup(site_id, utcnow(), zone)
            elif inspection is not None and inspection.inspected_at is not None:
                self.occurred_at = inspection.inspected_at
            else:
                self.occurred_at = utcnow()
        self.occurred_at = localtime.as_utc(self.occurred_at)
        old_month = state.attrs["month"].history.unchanged or \
            state.attrs["month"].history.deleted
        day = periods.local_date(self.occurred_at, zone)
        self.local_date = day
        self.week_start = periods.week_start(day)
        self.month = periods.month_of(day)
        if changed:
            months = {self.month} | set(old_month or ())
            closed = session.execute(
                select(SixsMonthClose.month).where(SixsMonthClose.site_id == site_id,
                                                   SixsMonthClose.month.in_(months))
            ).scalars().first()
            if closed:
                raise InvalidInput({"occurred_at": [_(
                    "The 6S month %(month)s is closed; its violations can no longer "
                    "change.", month=closed)]})
        if changed and self.kind == KIND_CLEANUP:
            query = select(SixsViolation.id).where(
                SixsViolation.site_id == site_id, SixsViolation.person_id == person_id,
                SixsViolation.kind == KIND_CLEANUP,
                SixsViolation.week_start == self.week_start)
            if self.id is not None:
                query = query.where(SixsViolation.id != self.id)
            if session.execute(query).first():
                raise InvalidInput({"kind": [_(
                    "The failed clean-up of the week of %(week)s is already recorded "
                    "for this person.", week=self.week_start.isoformat())]})

    def check_deletable(self, session) -> None:
        from .sixs_month_close import SixsMonthClose

        closed = session.execute(
            select(SixsMonthClose.month).where(SixsMonthClose.site_id == self.site_id,
                                               SixsMonthClose.month == self.month)
        ).scalar()
        if closed:
            raise InvalidInput({"id": [_(
                "The 6S month %(month)s is closed; its violations can no longer change.",
                month=closed)]})


def last_cleanup(site_id: int, now_utc: datetime.datetime, zone) -> datetime.datetime:
    """The latest weekly clean-up moment (site setting, default Friday 18:00) at or
    before ``now_utc``, as naive UTC: when a failed clean-up happened unless the
    inspector says otherwise."""
    weekday = periods.weekday_number(
        settings.get(site_id, "inspection_6s.cleanup_weekday"), "friday")
    at = periods.parse_time(settings.get(site_id, "inspection_6s.cleanup_time"), "18:00")
    local_now = periods.local_time(now_utc, zone).replace(tzinfo=None)
    day = local_now.date() - datetime.timedelta(days=(local_now.weekday() - weekday) % 7)
    moment = datetime.datetime.combine(day, at)
    if moment > local_now:
        moment -= datetime.timedelta(days=7)
    return localtime.to_utc(moment, zone)
