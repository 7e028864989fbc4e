"""The host's own tables: sites, dealers, per-site addon switches, job runs, users."""
from __future__ import annotations

import datetime

from flask import current_app
from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import relationship

from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped


# the largest INTEGER column value (PostgreSQL's 4 bytes): ids and counts above it are
# refused before the database sees them
INTEGER_MAX = 2**31 - 1


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Site(Model):
    """An organisational unit running the product with its own enabled addons."""

    __tablename__ = "site"
    id = Column(Integer, primary_key=True)
    code = Column(String(32), unique=True, nullable=False)
    name = Column(String(128), nullable=False)
    # the zone a site counts its days and months in (core.clock)
    timezone = Column(String(64), nullable=False,
                      default=lambda: current_app.config["DEFAULT_SITE_TIMEZONE"])

    def __repr__(self) -> str:
        return self.code


class Dealer(SiteScoped, Model):
    """A dealer / sales-service shop / authorised repair station of one site."""

    __tablename__ = "dealer"
    __table_args__ = (unique_in_site("code"), *list_indexes("dealer"))
    id = Column(Integer, primary_key=True)
    site = relationship(Site)
    code = Column(String(32), nullable=False)
    name = Column(String(128), nullable=False)
    region = Column(String(64))

    def __repr__(self) -> str:
        return self.code


class SiteAddon(SiteScoped, Model):
    """One addon's switch for one site.  Disabling flips ``enabled``; rows stay."""

    __tablename__ = "site_addon"
    __table_args__ = (unique_in_site("addon", listed="asc"),)
    id = Column(Integer, primary_key=True)
    site = relationship(Site)
    addon = Column(String(64), nullable=False)
    enabled = Column(Boolean, nullable=False, default=True)
    changed_on = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    changed_by = Column(String(64))

    def __repr__(self) -> str:
        return f"{self.addon}@{self.site_id}"


class JobRun(SiteScoped, Model):
    """Proof that a scheduled job did its work for one site and period.

    The unique constraint is what makes a job fired twice (two beats, a retry) do
    its work once: the row is inserted in the same transaction as the work.
    """

    __tablename__ = "job_run"
    __audited__ = False
    __table_args__ = (UniqueConstraint("job", "site_id", "period"),)
    id = Column(Integer, primary_key=True)
    job = Column(String(128), nullable=False)
    period = Column(String(32), nullable=False)
    started_on = Column(DateTime, nullable=False, default=utcnow)


class ErpUser(User):
    """FAB's user with the site and dealer it belongs to (FAB's custom-user way)."""

    __tablename__ = "ab_user"
    site_id = Column(Integer, ForeignKey("site.id"), index=True)
    site = relationship(Site, foreign_keys=[site_id])
    dealer_id = Column(Integer, ForeignKey("dealer.id"), index=True)
    dealer = relationship(Dealer, foreign_keys=[dealer_id])


def user_reference(**column_options) -> tuple:
    """A user's id column and the relationship to that user, declared together:
    ``approver_id, approver = user_reference()``.  ``column_options`` go to the
    column (``nullable=False, index=True``)."""
    column = Column(Integer, ForeignKey("ab_user.id"), **column_options)
    return column, relationship(ErpUser, foreign_keys=[column])
