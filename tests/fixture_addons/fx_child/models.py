from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer


class FxEcho(Model):
    """One row per note seen through the event."""

    __tablename__ = "fx_echo"
    id = Column(Integer, primary_key=True)
    site_id = Column(Integer, ForeignKey("site.id"), nullable=False)
    note_id = Column(Integer, ForeignKey("fx_note.id"), nullable=False)
