"""Scope mixins a model declares; ``core.scope`` enforces them under every view."""
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declared_attr


class SiteScoped:
    """Rows of one site: ``site_id``, stamped from the actor on insert."""

    #: the relationship to the row this one is part of (a record's part: "record").
    #: A new or changed row takes that row's site (and, when ``DealerScoped``, its
    #: dealer) where it has none, before its ``_derive`` and checks
    #: (``core.validation``): they may read them, the scope stamps them only later.
    __parent__: str | None = None

    @declared_attr
    def site_id(cls):
        return Column(Integer, ForeignKey("site.id"), nullable=False, index=True)

    def _belong_to(self, parent) -> None:
        """Take the site of ``parent``, the row this one is part of, where this row
        has none yet (the host does, for ``__parent__``; None: nothing to take)."""
        if parent is not None:
            self.site_id = self.site_id or parent.site_id


class DealerScoped(SiteScoped):
    """Rows of one dealer (or of the site's own staff when ``dealer_id`` is empty).
    A dealer user sees and writes only rows of their dealer."""

    @declared_attr
    def dealer_id(cls):
        return Column(Integer, ForeignKey("dealer.id"), index=True)

    def _belong_to(self, parent) -> None:
        """Take the dealer of ``parent`` too."""
        super()._belong_to(parent)
        if parent is not None:
            self.dealer_id = self.dealer_id or parent.dealer_id


class OwnerScoped(SiteScoped):
    """Rows of one person.  ``__owner_column__`` names the user-id column; users
    whose roles are all "own records" roles (``OWN_RECORDS_ROLES``) see only theirs."""

    __owner_column__ = "user_id"
