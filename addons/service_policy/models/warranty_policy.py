"""Warranty (三包) policy of a product line [000 §4.1, §4.3; 003 二.2]."""
from __future__ import annotations

import calendar
import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Boolean, Column, Integer, String, Text

from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.validation import given

#: the longest warranty a policy may give: ten years (the seed's is one)
LONGEST_WARRANTY_MONTHS = 120


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months``, clamped to the last day of the target month
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class WarrantyPolicy(SiteScoped, Model):
    __tablename__ = "warranty_policy"
    __table_args__ = (unique_in_site("product_line", listed="asc"),)
    id = Column(Integer, primary_key=True)
    product_line = Column(String(80), nullable=False)
    name = Column(String(120), nullable=False)
    months = Column(Integer, nullable=False, default=12)
    free_repair = Column(Boolean, nullable=False, default=True)
    free_parts = Column(Boolean, nullable=False, default=True)
    replacement = Column(Boolean, nullable=False, default=True)
    # packing list, certificate, warranty card, manual, parts catalogue
    documents = Column(Text)

    def __repr__(self) -> str:
        return f"{self.product_line} ({self.months})"

    def _check_product_line(self):
        return given(self, "product_line", _("Name the product line."))

    def _check_name(self):
        return given(self, "name", _("Name the policy."))

    def _check_months(self):
        if isinstance(self.months, int) and 1 <= self.months <= LONGEST_WARRANTY_MONTHS:
            return None
        return {"months": _("A warranty lasts from 1 to %(most)s months.",
                            most=LONGEST_WARRANTY_MONTHS)}

    def ends_on(self, purchase_date: datetime.date) -> datetime.date:
        """The first day out of warranty: the anniversary itself is out."""
        return add_months(purchase_date, self.months)

    def covers(self, purchase_date: datetime.date, on: datetime.date) -> bool:
        return purchase_date <= on < self.ends_on(purchase_date)
