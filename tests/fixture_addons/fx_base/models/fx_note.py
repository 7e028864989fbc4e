from flask_appbuilder import Model
from sqlalchemy import Column, Integer, String

from core.events import emit
from core.indexes import list_indexes
from core.mixins import DealerScoped


class FxNote(DealerScoped, Model):
    """A dealer-scoped row: what the isolation tests walk."""

    __tablename__ = "fx_note"
    __table_args__ = list_indexes("fx_note", dealer=True)
    id = Column(Integer, primary_key=True)
    text = Column(String(200), nullable=False)

    def __repr__(self):
        return self.text

    def _on_created(self):
        """Announced once stored, in the transaction that stores it (core.validation)."""
        emit("fx_base.note_created", self.site_id, note_id=self.id)
