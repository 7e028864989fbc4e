"""Technicians work only after passing training (培训合格后方可上岗) [004 制度1 三.3]."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from sqlalchemy import Column, Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import relationship

from core.extensions import db
from core.indexes import list_indexes
from core.mixins import SiteScoped


class TechnicianCertification(SiteScoped, Model):
    __tablename__ = "technician_certification"
    __table_args__ = list_indexes("technician_certification")
    id = Column(Integer, primary_key=True)
    technician_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    technician = relationship("ErpUser")
    course = Column(String(120), nullable=False)
    passed_on = Column(Date, nullable=False)
    valid_until = Column(Date, nullable=False)

    def __repr__(self) -> str:
        return f"{self.course} ({self.passed_on} – {self.valid_until})"


def certified(technician_id: int, on: datetime.date) -> bool:
    """A passed training valid on ``on`` (both ends included)."""
    return db.session.execute(select(TechnicianCertification.id).where(
        TechnicianCertification.technician_id == technician_id,
        TechnicianCertification.passed_on <= on,
        TechnicianCertification.valid_until >= on).limit(1)).first() is not None
