"""An in-app message to one user (the SLA escalation's notice to a service manager)."""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import OwnerScoped
from core.models import utcnow


class ServiceNotification(OwnerScoped, Model):
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
