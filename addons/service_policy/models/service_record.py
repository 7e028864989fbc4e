"""The technician's report of one visit (售后服务报告单) [000 §4.5.2; 001 二.5.d]."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core.happened import happened
from core.indexes import list_indexes
from core.mixins import DealerScoped, OwnerScoped
from core.models import user_reference
from core.validation import chosen


class ServiceRecord(DealerScoped, OwnerScoped, Model):
    # a technician sees and writes only their own
    __owner_column__ = "technician_id"
    __tablename__ = "service_record"
    __parent__ = "request"
    __table_args__ = list_indexes("service_record", dealer=True)
    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("service_request.id"), nullable=False, index=True)
    request = relationship("ServiceRequest")
    dispatch_id = Column(Integer, ForeignKey("service_dispatch.id"), index=True)
    technician_id, technician = user_reference(nullable=False, index=True)
    visited_on = happened(Date, nullable=False)
    # the day the technician came back; the record is due 2 days later
    returned_on = happened(Date, nullable=False)
    handed_in_on = happened(Date)
    work_done = Column(Text, nullable=False)
    customer_signed_by = Column(String(120))
    customer_signed_at = happened(DateTime)
    customer_opinion = Column(Text)
    late = Column(Boolean, nullable=False, default=False)
    parts = relationship("ServiceRecordPart", back_populates="record",
                         cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"{self.request} {self.visited_on}"

    def _check_request(self):
        return chosen(self, "request", _("Choose the request this visit served."))

    def _check_return(self):
        if self.returned_on and self.visited_on and self.returned_on < self.visited_on:
            return {"returned_on": _(
                "The technician cannot return (%(returned)s) before the visit "
                "(%(visited)s).", returned=self.returned_on, visited=self.visited_on)}
        return None

    def due_on(self, hand_in_days: int) -> datetime.date:
        return self.returned_on + datetime.timedelta(days=hand_in_days)

    def is_late(self, today: datetime.date, hand_in_days: int) -> bool:
        """Handed in more than ``hand_in_days`` after the return, or still missing
        after that."""
        handed = self.handed_in_on or today
        return handed > self.due_on(hand_in_days)
