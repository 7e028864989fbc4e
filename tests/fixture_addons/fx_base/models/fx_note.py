from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer, String


class FxNote(Model):
    __tablename__ = "fx_note"
    id = Column(Integer, primary_key=True)
    site_id = Column(Integer, ForeignKey("site.id"), nullable=False)
    text = Column(String(200), nullable=False)
