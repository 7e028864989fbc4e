"""A closed 6S month of a site: the rules it was scored with, each person's
figures as handed on, and how many events went out.

Closing is what makes the job safe to run twice: the unique (site, month) row is
written in the same transaction as the events.  A closed month refuses new or
changed violations and selections, so its figures stand as HR received them."""
from flask_appbuilder import Model
from sqlalchemy import JSON, Column, DateTime, Integer, String

from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.models import utcnow


class SixsMonthClose(SiteScoped, Model):
    __tablename__ = "sixs_month_close"
    __table_args__ = (unique_in_site("month", listed="desc"),)
    id = Column(Integer, primary_key=True)
    month = Column(String(7), nullable=False)
    closed_at = Column(DateTime, nullable=False, default=utcnow)
    rules = Column(JSON, nullable=False)
    results = Column(JSON, nullable=False)
    events = Column(Integer, nullable=False, default=0)

    def __repr__(self) -> str:
        return self.month
