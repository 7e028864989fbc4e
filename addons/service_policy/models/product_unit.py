"""A sold unit: its warranty follows the policy of its product line."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from sqlalchemy import Column, Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import relationship

from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import DealerScoped
from core.validation import related

from ..vocab import IN_WARRANTY, OUT_OF_WARRANTY
from .warranty_policy import WarrantyPolicy


class ProductUnit(DealerScoped, Model):
    __tablename__ = "product_unit"
    __table_args__ = (unique_in_site("serial"),
                      *list_indexes("product_unit", dealer=True))
    id = Column(Integer, primary_key=True)
    serial = Column(String(60), nullable=False)
    model = Column(String(80), nullable=False)
    product_line = Column(String(80), nullable=False)
    purchase_date = Column(Date, nullable=False)
    customer_id = Column(Integer, ForeignKey("customer.id"), index=True)
    customer = relationship("Customer")

    def __repr__(self) -> str:
        return f"{self.serial} {self.model}"

    def _derive(self) -> None:
        """A unit belongs to its customer's dealer."""
        customer = related(self, "customer")
        if customer is not None:
            self.dealer_id = self.dealer_id or customer.dealer_id

    def policy(self) -> WarrantyPolicy | None:
        return db.session.execute(select(WarrantyPolicy).where(
            WarrantyPolicy.site_id == self.site_id,
            WarrantyPolicy.product_line == self.product_line)).scalar_one_or_none()

    def warranty_ends_on(self) -> datetime.date | None:
        policy = self.policy()
        return policy.ends_on(self.purchase_date) if policy else None

    def warranty_status(self, on: datetime.date) -> str:
        """In warranty → repairs are free; out → repairs are quoted.  A product line
        without a policy is out of warranty: nothing promises it."""
        policy = self.policy()
        if policy is not None and policy.covers(self.purchase_date, on):
            return IN_WARRANTY
        return OUT_OF_WARRANTY
