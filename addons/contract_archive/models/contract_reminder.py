"""A reminder made by the daily job: a contract ending soon or a payment due."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.models import utcnow
from core.names import code_name

from .common import PartyContractScoped

KINDS = {"ending": _l("Contract ending soon"), "payment_due": _l("Payment due")}


class ContractReminder(PartyContractScoped, SiteScoped, Model):
    """One reminder per contract end date or per payment due date (``ref`` is unique
    per site), so a job run twice reminds once."""

    __tablename__ = "contract_reminder"
    __table_args__ = (unique_in_site("ref"),
                      *list_indexes("contract_reminder", "due_date"))

    id = Column(Integer, primary_key=True)
    ref = Column(String(80), nullable=False)
    kind = Column(String(20), nullable=False)
    contract_id = Column(Integer, ForeignKey("contract.id"), nullable=False, index=True)
    contract = relationship("Contract")
    payment_id = Column(Integer, ForeignKey("contract_payment.id"), index=True)
    payment = relationship("ContractPayment")
    due_date = Column(Date, nullable=False)
    made_at = Column(DateTime, nullable=False, default=utcnow)

    kind_text = code_name("kind", KINDS)
