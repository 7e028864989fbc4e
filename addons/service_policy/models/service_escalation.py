"""A breached 24-hour answer, escalated once to the site's service managers."""
from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import relationship

from core.mixins import SiteScoped
from core.models import utcnow


class ServiceEscalation(SiteScoped, Model):
    __tablename__ = "service_escalation"
    __label__ = _l("SLA escalation")  # its audit rows are shown by this name
    # exactly once per request, however often the job runs
    __table_args__ = (UniqueConstraint("request_id"),)
    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("service_request.id"), nullable=False)
    request = relationship("ServiceRequest")
    escalated_at = Column(DateTime, nullable=False, default=utcnow)
    notified = Column(Integer, nullable=False, default=0)
