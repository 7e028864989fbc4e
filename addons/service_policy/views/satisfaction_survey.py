"""Pages of satisfaction surveys, and their analysis by dealer, technician and month."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from core.base import page_endpoint
from core.scope import requested_site_id
from core.workflow import N_, InvalidInput

from ..common import LABELS
from ..models import SatisfactionSurvey, ServiceRequest
from ..models.satisfaction_survey import QUESTIONS, SURVEYED_STATES
from ..monthly_statistics import QUESTION_LABELS
from ..report_args import requested_months
from ..survey_analysis import survey_analysis
from .common import ServiceModelView


def served_requests_without_survey(query):
    """Resolved or closed requests the customer has not rated yet."""
    return query.filter(
        ServiceRequest.state.in_(SURVEYED_STATES),
        ~exists(select(SatisfactionSurvey.id).where(
            SatisfactionSurvey.request_id == ServiceRequest.id))
    ).order_by(ServiceRequest.received_at.desc())


class SatisfactionSurveyView(ServiceModelView):
    titles = (N_("Satisfaction surveys"), N_("Satisfaction survey"),
              N_("Add a satisfaction survey"), N_("Edit a satisfaction survey"))
    datamodel = SQLAInterface(SatisfactionSurvey)
    choice_filters = {"request": served_requests_without_survey}
    form_examples = {question: "4" for question in QUESTIONS}
    list_columns = ["request", "dealer", "technician", "surveyed_on", *QUESTIONS]
    add_columns = ["request", "surveyed_on", *QUESTIONS, "comment"]
    edit_columns = ["surveyed_on", *QUESTIONS, "comment"]
    show_columns = list_columns + ["comment"]
    search_columns = ["request", "dealer", "technician", "surveyed_on"]
    label_columns = {**LABELS, **QUESTION_LABELS, "surveyed_on": _l("Surveyed on"),
                     "comment": _l("Customer's comment")}

    @page_endpoint("/analysis/")
    def analysis(self):
        """Average scores by dealer, by technician and by month (?from=&to=)."""
        try:
            site_id = requested_site_id()
            first, last, first_day, last_day = requested_months(site_id)
        except InvalidInput as error:
            return self.render_template("service_policy/survey_analysis.html",
                                        errors=error.messages, report=None,
                                        questions=QUESTION_LABELS), 422
        report = survey_analysis(site_id, first_day, last_day)
        return self.render_template(
            "service_policy/survey_analysis.html", errors=None, first=first, last=last,
            report=report, dealer_chart=[{"label": row["label"], "value": row["average"]}
                                         for row in report["by_dealer"]],
            questions=QUESTION_LABELS, title=_l("Satisfaction analysis"))
