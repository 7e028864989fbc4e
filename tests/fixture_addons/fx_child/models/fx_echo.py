from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer

from core.mixins import SiteScoped


class FxEcho(SiteScoped, Model):
    """One row per note seen through the event."""

    __tablename__ = "fx_echo"
    id = Column(Integer, primary_key=True)
    note_id = Column(Integer, ForeignKey("fx_note.id"), nullable=False)
