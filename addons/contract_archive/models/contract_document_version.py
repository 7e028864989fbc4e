"""One version of a contract document's file: written once, never changed or deleted."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, DateTime, ForeignKey, Integer, UniqueConstraint, inspect
from sqlalchemy.orm import relationship

from core.localtime import local_datetime
from core.mixins import SiteScoped
from core.models import user_reference, utcnow
from core.storage import StoredFileMixin
from core.workflow import TransitionRefused

from .common import party_contract_ids
from .contract_document import ContractDocument


class ContractDocumentVersion(StoredFileMixin, SiteScoped, Model):
    """Keeps its uploader, time, size, SHA-256 and original name.  Any change or
    delete is refused at the flush, whoever tries (page, API, job)."""

    __tablename__ = "contract_document_version"
    __label__ = _l("Document version")  # no page of its own: its audit rows use this name
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("contract_document.id"), nullable=False,
                         index=True)
    document = relationship("ContractDocument")
    number = Column(Integer, nullable=False)
    uploaded_by_id, uploaded_by = user_reference()
    uploaded_at = Column(DateTime, nullable=False, default=utcnow)

    @classmethod
    def __dealer_criterion__(cls, dealer_id):
        return cls.document_id.in_(
            ContractDocument.__table__.select().with_only_columns(
                ContractDocument.__table__.c.id).where(
                ContractDocument.__table__.c.contract_id.in_(party_contract_ids(dealer_id))))

    def __repr__(self) -> str:
        return f"v{self.number} {self.file_name}"

    @property
    def uploaded_at_text(self) -> str:
        return local_datetime(self.uploaded_at)

    def _check_unchanged(self):
        state = inspect(self)
        if state.persistent and any(attr.history.has_changes() for attr in state.attrs
                                    if attr.key not in ("document", "uploaded_by")):
            raise TransitionRefused(_("A version of a contract document is never changed; "
                                      "upload a new version instead."))
        return None

    def _check_delete(self):
        raise TransitionRefused(_("A version of a contract document is never deleted."))
