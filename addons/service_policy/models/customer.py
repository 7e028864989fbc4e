"""Customer files (用户档案) by dealer region [001 一.2]."""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Column, Date, Integer, String
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import DealerScoped


class Customer(DealerScoped, Model):
    __tablename__ = "customer"
    __table_args__ = list_indexes("customer", dealer=True)
    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    phone = Column(String(40))
    address = Column(String(255))
    region = Column(String(80))
    # key customers (重点客户) are visited at least once a year
    key_customer = Column(Boolean, nullable=False, default=False)
    last_visit_on = Column(Date)
    dealer = relationship("Dealer")

    def __repr__(self) -> str:
        return self.name
