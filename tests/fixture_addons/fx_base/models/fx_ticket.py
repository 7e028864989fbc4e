from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import DealerScoped
from core.models import user_reference
from core.workflow import Transition, TransitionRefused, Workflow


class FxTicket(Workflow, DealerScoped, Model):
    """A business record with a state machine: what the transition tests drive."""

    __tablename__ = "fx_ticket"
    __table_args__ = list_indexes("fx_ticket", dealer=True)
    __audit_readers__ = ("HR",)
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    amount = Column(Integer, nullable=False, default=0)
    state = Column(String(20), nullable=False, default="draft")
    note_id = Column(Integer, ForeignKey("fx_note.id"))
    note = relationship("FxNote")
    approved_at = Column(DateTime)
    approved_by_id, approved_by = user_reference()
    reject_reason = Column(Text)
    __transitions__ = (
        Transition("submit", ("draft",), "submitted"),
        Transition("approve", ("submitted",), "approved", at="approved_at",
                   by="approved_by_id"),
        Transition("reject", ("submitted",), "rejected", needs_reason=True,
                   why="reject_reason"),
    )

    def _check_submit(self, reason):
        if self.amount <= 0:
            raise TransitionRefused(_("Ticket %(title)s has no amount.", title=self.title))
