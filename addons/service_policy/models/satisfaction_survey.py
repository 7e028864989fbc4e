"""The customer's satisfaction survey of a served request (售后服务满意度调查表)
[001 一.2.e, 二.5.d; 003 二.3.5]: a score per question and a comment."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Date, ForeignKey, Integer, Text, UniqueConstraint, select
from sqlalchemy.orm import relationship

from core.extensions import db
from core.happened import happened
from core.indexes import list_indexes
from core.mixins import DealerScoped
from core.models import user_reference
from core.validation import creating, related

from .service_record import ServiceRecord

#: the questions of the survey, each scored 1 (very unhappy) to 5 (very happy)
QUESTIONS = ("score_response", "score_attitude", "score_quality", "score_overall")
LOWEST, HIGHEST = 1, 5
#: a request is surveyed when it is served: resolved, or closed with the survey
SURVEYED_STATES = ("resolved", "closed")


class SatisfactionSurvey(DealerScoped, Model):
    __tablename__ = "satisfaction_survey"
    __parent__ = "request"
    __table_args__ = (UniqueConstraint("request_id"),
                      *list_indexes("satisfaction_survey", "-surveyed_on", dealer=True))
    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("service_request.id"), nullable=False)
    request = relationship("ServiceRequest")
    # who served the customer: the technician of the request's signed service record
    technician_id, technician = user_reference(index=True)
    dealer = relationship("Dealer")
    surveyed_on = happened(Date, nullable=False)
    score_response = Column(Integer, nullable=False)
    score_attitude = Column(Integer, nullable=False)
    score_quality = Column(Integer, nullable=False)
    score_overall = Column(Integer, nullable=False)
    comment = Column(Text)

    def __repr__(self) -> str:
        return f"{self.request} {self.surveyed_on}"

    def _derive(self) -> None:
        request = related(self, "request")
        if request is None:
            return
        if self.technician_id is None and related(self, "technician") is None \
                and request.id is not None:
            self.technician_id = db.session.execute(
                select(ServiceRecord.technician_id)
                .where(ServiceRecord.request_id == request.id)
                .order_by(ServiceRecord.customer_signed_by.is_(None),
                          ServiceRecord.visited_on.desc(), ServiceRecord.id.desc())
                .limit(1)).scalar()

    def _check_request(self):
        request = related(self, "request")
        if request is None:
            return {"request": _("Choose the request the customer rates.")}
        if creating(self) and request.state not in SURVEYED_STATES:
            return {"request": _(
                "Request %(number)s is not served yet; the customer rates it once it is "
                "resolved.", number=request.number)}
        return None

    def _check_scores(self):
        problems = {}
        for question in QUESTIONS:
            score = getattr(self, question)
            if score is None or not LOWEST <= score <= HIGHEST:
                problems[question] = _("Give a score from %(lowest)s to %(highest)s.",
                                       lowest=LOWEST, highest=HIGHEST)
        return problems or None
