"""A visit to a key customer (重点客户走访): at least once a year [001 二.5.a; 003 二.2.3]."""
from __future__ import annotations

import datetime

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Date, ForeignKey, Integer, Text, or_, select
from sqlalchemy.orm import relationship

from core.context import acting_user_id
from core.happened import happened
from core.indexes import list_indexes
from core.mixins import DealerScoped
from core.models import user_reference
from core.validation import chosen, creating, related

from .customer import Customer
from .warranty_policy import add_months

#: a key customer is visited at least once in this many months
VISIT_EVERY_MONTHS = 12


class KeyCustomerVisit(DealerScoped, Model):
    __tablename__ = "key_customer_visit"
    __parent__ = "customer"
    __table_args__ = list_indexes("key_customer_visit", "-visited_on", dealer=True)
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customer.id"), nullable=False, index=True)
    customer = relationship("Customer")
    visited_on = happened(Date, nullable=False)
    visitor_id, visitor = user_reference()
    dealer = relationship("Dealer")
    # what the customer said: use of the product, opinions (认真听取用户意见)
    opinions = Column(Text)

    def __repr__(self) -> str:
        return f"{self.customer} {self.visited_on}"

    def _derive(self) -> None:
        """The visit moves the customer's last visit forward (never back: an old
        visit entered late)."""
        customer = related(self, "customer")
        if customer is None:
            return
        if creating(self) and self.visitor_id is None and related(self, "visitor") is None:
            self.visitor_id = acting_user_id()
        if self.visited_on is not None and (customer.last_visit_on is None
                                            or customer.last_visit_on < self.visited_on):
            customer.last_visit_on = self.visited_on

    def _check_customer(self):
        return chosen(self, "customer", _("Choose the customer visited."))


def visit_cutoff(today: datetime.date) -> datetime.date:
    """A key customer last visited on this day or before is due a visit: on the
    anniversary of the last visit the year is over (visited 2025-11-22 → due on
    2026-11-22)."""
    return add_months(today, -VISIT_EVERY_MONTHS)


def due_key_customers(site_id: int, today: datetime.date):
    """Key customers of the site not visited in the last 12 months (never visited
    ones first, then the longest ago); the caller's scope narrows it to a dealer."""
    return (select(Customer)
            .where(Customer.site_id == site_id, Customer.key_customer.is_(True),
                   or_(Customer.last_visit_on.is_(None),
                       Customer.last_visit_on <= visit_cutoff(today)))
            .order_by(Customer.last_visit_on.is_not(None), Customer.last_visit_on,
                      Customer.name, Customer.id))
