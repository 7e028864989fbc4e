"""Scope mixins a model declares; ``core.scope`` enforces them under every view."""
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declared_attr


class SiteScoped:
    """Rows of one site: ``site_id``, stamped from the actor on insert."""

    @declared_attr
    def site_id(cls):
        return Column(Integer, ForeignKey("site.id"), nullable=False, index=True)


class DealerScoped(SiteScoped):
    """Rows of one dealer (or of the site's own staff when ``dealer_id`` is empty).
    A dealer user sees and writes only rows of their dealer."""

    @declared_attr
    def dealer_id(cls):
        return Column(Integer, ForeignKey("dealer.id"), index=True)


class OwnerScoped(SiteScoped):
    """Rows of one person.  ``__owner_column__`` names the user-id column; users
    whose roles are all "own records" roles (``OWN_RECORDS_ROLES``) see only theirs."""

    __owner_column__ = "user_id"
