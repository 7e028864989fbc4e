from flask_appbuilder import Model
from sqlalchemy import Column, Integer, String

from core.indexes import list_indexes
from core.mixins import DealerScoped
from core.storage import StoredFileMixin


class FxAttachment(StoredFileMixin, DealerScoped, Model):
    """A dealer's row owning one file: what the download tests and the walk reach."""

    __tablename__ = "fx_attachment"
    __table_args__ = list_indexes("fx_attachment", dealer=True)
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
