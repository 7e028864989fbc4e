"""One dated task of a CAPA's rectification schedule (整改时控表) [002 §5.2.5–5.2.8]."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core.happened import happened
from core.indexes import list_indexes
from core.mixins import SiteScoped
from core.validation import changed, creating, related

from .capa_report import FILED


class CapaTask(SiteScoped, Model):
    __tablename__ = "capa_task"
    __parent__ = "capa"
    __table_args__ = list_indexes("capa_task", "due_on")
    id = Column(Integer, primary_key=True)
    capa_id = Column(Integer, ForeignKey("capa_report.id"), nullable=False, index=True)
    capa = relationship("CapaReport", back_populates="tasks")
    description = Column(Text, nullable=False)
    # the department or person answerable for the task
    owner = Column(String(120), nullable=False)
    due_on = Column(Date, nullable=False)
    done_on = happened(Date)
    # when the daily job told quality management the task was overdue (once)
    flagged_at = Column(DateTime)

    def __repr__(self) -> str:
        return f"{self.owner} {self.due_on}"

    def _check_capa(self):
        capa = related(self, "capa")
        if capa is None:
            return {"capa": _("Choose the corrective action report.")}
        if capa.state == FILED and (creating(self) or changed(
                self, "description", "owner", "due_on", "done_on")):
            return {"capa": _("Report %(number)s is filed; its schedule is not changed.",
                              number=capa.number)}
        return None

    def overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today
