"""A part replaced on a visit; tagged for return by default [000 §4.5.3]."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import DealerScoped
from core.validation import chosen


class ServiceRecordPart(DealerScoped, Model):
    __tablename__ = "service_record_part"
    __label__ = _l("Part replaced")  # no page of its own: its audit rows use this name
    __parent__ = "record"
    __table_args__ = list_indexes("service_record_part", dealer=True)
    id = Column(Integer, primary_key=True)
    record_id = Column(Integer, ForeignKey("service_record.id"), nullable=False, index=True)
    record = relationship("ServiceRecord", back_populates="parts")
    part_number = Column(String(60), nullable=False)
    name = Column(String(120))
    quantity = Column(Integer, nullable=False, default=1)
    tagged_for_return = Column(Boolean, nullable=False, default=True)

    def __repr__(self) -> str:
        return f"{self.part_number} ×{self.quantity}"

    def _check_record(self):
        return chosen(self, "record", _("Choose the service record."))

    def _check_quantity(self):
        if self.quantity is None or self.quantity < 1:
            return {"quantity": _("At least one part.")}
        return None
