"""A breached 24-hour answer, escalated once to the site's service managers."""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import OwnerScoped, SiteScoped
from core.models import utcnow


class ServiceEscalation(SiteScoped, Model):
    __tablename__ = "service_escalation"
    # exactly once per request, however often the job runs
    __table_args__ = (UniqueConstraint("request_id"),)
    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("service_request.id"), nullable=False)
    request = relationship("ServiceRequest")
    escalated_at = Column(DateTime, nullable=False, default=utcnow)
    notified = Column(Integer, nullable=False, default=0)


class ServiceNotification(OwnerScoped, Model):
    """An in-app message to one user."""

    __tablename__ = "service_notification"
    # "my notifications": the list always shows one person's
    __table_args__ = list_indexes("service_notification", owner="user_id", site=False)
    __owner_column__ = "user_id"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    request_id = Column(Integer, ForeignKey("service_request.id"))
    request = relationship("ServiceRequest")
    message = Column(String(255), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    read = Column(Boolean, nullable=False, default=False)
