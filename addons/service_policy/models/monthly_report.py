"""The monthly service report of a site [003 二.5.4]: produced for the month before
by the 4th, sent to the quality, technical and marketing centres and management by
the 5th, flagged when it was not."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import Role
from flask_babel import gettext as _
from sqlalchemy import JSON, Boolean, Column, DateTime, Integer, String, \
    select

from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.models import ErpUser, user_reference, utcnow
from core.workflow import N_, Transition, Workflow

from .service_notification import ServiceNotification

#: who receives the sent report: the quality and technical centres and the site's
#: management [003 二.5.4]
RECIPIENT_ROLES = ("Quality", "Technical", "Site Admin")


class MonthlyReport(Workflow, SiteScoped, Model):
    __tablename__ = "monthly_report"
    __table_args__ = (unique_in_site("month"),
                      *list_indexes("monthly_report", "-month"))
    __transitions__ = (Transition("send", ("produced",), "sent", at="sent_at", by="sent_by_id",
                                  label=N_("Send")),)
    id = Column(Integer, primary_key=True)
    month = Column(String(7), nullable=False)
    state = Column(String(16), nullable=False, default="produced")
    produced_at = Column(DateTime, nullable=False, default=utcnow)
    # the figures as they were produced (JSON: Decimals as text), what was sent
    figures = Column(JSON)
    sent_at = Column(DateTime)
    sent_by_id, sent_by = user_reference()
    # not sent by the 5th of the following month
    late = Column(Boolean, nullable=False, default=False)

    def __repr__(self) -> str:
        return self.month

    def _do_send(self, reason) -> None:
        recipients = db.session.execute(select(ErpUser.id).where(
            ErpUser.site_id == self.site_id, ErpUser.active.is_(True),
            ErpUser.dealer_id.is_(None),
            ErpUser.roles.any(Role.name.in_(RECIPIENT_ROLES)))).scalars().all()
        for user_id in recipients:
            db.session.add(ServiceNotification(
                site_id=self.site_id, user_id=user_id,
                message=_("The monthly service report of %(month)s was sent to you; "
                          "open Monthly statistics to read it.", month=self.month)))
