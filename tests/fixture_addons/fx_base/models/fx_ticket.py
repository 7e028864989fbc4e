from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import DealerScoped
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
    __transitions__ = (
        Transition("submit", ("draft",), "submitted"),
        Transition("approve", ("submitted",), "approved"),
        Transition("reject", ("submitted",), "rejected", needs_reason=True),
    )

    def _check_submit(self, reason):
        if self.amount <= 0:
            raise TransitionRefused(_("Ticket %(title)s has no amount.", title=self.title))
