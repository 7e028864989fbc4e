"""A document kept with a contract, by type; its files are versions that are never
overwritten or deleted (``ContractDocumentVersion``)."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (BigInteger, Column, DateTime, ForeignKey, Integer, String, Text,
                        Unicode)
from sqlalchemy.orm import relationship

from core import clock, settings
from core.indexes import list_indexes
from core.localtime import local_datetime
from core.mixins import SiteScoped
from core.models import utcnow
from core.names import code_name
from core.storage import MAX_NAME_LENGTH
from core.validation import creating, related
from core.workflow import N_, Transition, TransitionRefused, Workflow

from .common import PartyContractScoped

#: 003 三.3: the contract's documents, by type (contract.md fixes the codes)
KINDS = {
    "tender": _l("Tender documents"),
    "contract": _l("Formal contract"),
    "correspondence": _l("Correspondence"),
    "minutes": _l("Meeting minutes"),
    "payment": _l("Payment records"),
    "change": _l("Change documents"),
    "financial_report": _l("Financial reports"),
    "claim": _l("Claim documents"),
    "progress_report": _l("Progress reports"),
    "technical": _l("Technical and quality documents"),
}
STATES = {"kept": _l("Kept"), "on_hold": _l("On legal hold"), "disposed": _l("Disposed of")}
KEPT, ON_HOLD, DISPOSED = STATES
FILE_TYPES = ("pdf", "png", "jpg", "jpeg", "ofd", "docx", "xlsx")


def retention_years(site_id: int, kind: str) -> int:
    return settings.get(site_id, f"contract_archive.retention_years_{kind}")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` ``years`` later (28 February for a 29th in a common year; the last
    day there is for a contract ending near the year 9999)."""
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


class ContractDocument(PartyContractScoped, Workflow, SiteScoped, Model):
    """Documents are kept for their type's retention period (a site setting, in
    years, counted from the contract's end date, else from the first upload).  Past
    it, they are listed for review and disposed of by a person, never
    automatically; a legal hold blocks disposal until it is released."""

    __tablename__ = "contract_document"
    __table_args__ = list_indexes("contract_document", "-updated_at")

    id = Column(Integer, primary_key=True)
    contract_id = Column(Integer, ForeignKey("contract.id"), nullable=False, index=True)
    contract = relationship("Contract")
    kind = Column(String(20), nullable=False, index=True)
    name = Column(Unicode(MAX_NAME_LENGTH), nullable=False, index=True)
    state = Column(String(20), nullable=False, default=KEPT, index=True)
    latest_version = Column(Integer, nullable=False, default=0)
    sha256 = Column(String(64), index=True)
    file_size = Column(BigInteger)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    hold_reason = Column(Text)
    disposed_at = Column(DateTime)
    disposal_reason = Column(Text)
    versions = relationship("ContractDocumentVersion", order_by="ContractDocumentVersion.number",
                            viewonly=True)

    __transitions__ = (
        Transition("hold", (KEPT,), ON_HOLD, needs_reason=True, why="hold_reason",
                   label=N_("Place a legal hold")),
        Transition("release", (ON_HOLD,), KEPT, needs_reason=True,
                   label=N_("Release the legal hold")),
        Transition("dispose", (KEPT,), DISPOSED, needs_reason=True, at="disposed_at",
                   why="disposal_reason", label=N_("Dispose of (retention ended)")),
    )

    def __repr__(self) -> str:
        return self.name or ""

    # --- computed values --------------------------------------------------------
    kind_text = code_name("kind", KINDS)
    state_text = code_name("state", STATES)

    @property
    def updated_at_text(self) -> str:
        return local_datetime(self.updated_at)

    @property
    def retention_until(self) -> datetime.date | None:
        """The last day the document must be kept."""
        contract = self.contract
        start = contract.end_date if contract is not None and contract.end_date else (
            (self.created_at or utcnow()).date())
        return add_years(start, retention_years(self.site_id, self.kind))

    @property
    def past_retention(self) -> bool:
        return self.retention_until < clock.today(self.site_id)

    # --- checks -----------------------------------------------------------------
    def _derive(self) -> None:
        self.name = (self.name or "").strip() or None

    def _check_kind(self):
        if self.kind not in KINDS:
            return {"kind": _("Choose a document type: %(kinds)s.", kinds=", ".join(KINDS))}
        return None

    def _check_name(self):
        return None if self.name else {"name": _("Give the document's name.")}

    def _check_contract(self):
        if creating(self) and related(self, "contract") is None:
            return {"contract_id": _("Choose a contract of your site.")}
        return None

    def _check_delete(self):
        return {"state": _("Contract documents are never deleted; past their retention "
                           "they are disposed of.")}

    def _check_dispose(self, reason):
        if not self.past_retention:
            raise TransitionRefused(_(
                "%(name)s is kept until %(day)s (%(years)s years for %(kind)s); it cannot "
                "be disposed of before.", name=self.name, day=self.retention_until,
                years=retention_years(self.site_id, self.kind), kind=self.kind_text))

    def _do_release(self, reason):
        self.hold_reason = None

    # --- versions -----------------------------------------------------------------
    def add_version(self, stored, uploader_id):
        """A new version of the file (``stored`` from ``core.storage.save_upload``);
        the earlier ones stay as they are."""
        if self.state == DISPOSED:
            raise TransitionRefused(_("%(name)s was disposed of; it takes no new version.",
                                      name=self.name))
        self.latest_version = (self.latest_version or 0) + 1
        self.sha256, self.file_size = stored.sha256, stored.size
        self.updated_at = utcnow()
        # the class mapped by ``versions``: its module imports this one
        version_class = ContractDocument.versions.property.mapper.class_
        version = version_class(site_id=self.site_id, document=self,
                                number=self.latest_version,
                                uploaded_by_id=uploader_id, uploaded_at=utcnow())
        version.set_file(stored)
        return version
