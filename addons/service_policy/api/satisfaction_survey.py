"""REST resources of satisfaction surveys, and their analysis."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi, report_endpoint
from core.scope import requested_site_id

from ..models import SatisfactionSurvey
from ..models.satisfaction_survey import QUESTIONS
from ..monthly_statistics import as_json
from ..report_args import requested_months
from ..survey_analysis import survey_analysis


def survey_analysis_answer(api):
    site_id = requested_site_id()
    _first, _last, first_day, last_day = requested_months(site_id)
    return api.response(200, **as_json(survey_analysis(site_id, first_day, last_day)))


class SatisfactionSurveyApi(ErpModelRestApi):
    resource_name = "satisfaction_survey"
    datamodel = SQLAInterface(SatisfactionSurvey)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "request_id",
                                   "technician_id", "surveyed_on", *QUESTIONS, "comment"]
    add_columns = ["request", "technician", "surveyed_on", *QUESTIONS, "comment"]
    edit_columns = ["technician", "surveyed_on", *QUESTIONS, "comment"]
    search_columns = ["request", "dealer_id", "technician", "surveyed_on"]

    analysis = report_endpoint(
        "analysis", survey_analysis_answer, "Average scores by dealer, by technician and by month",
        ['{in: query, name: from, schema: {type: string, example: "2026-01"}}',
         '{in: query, name: to, schema: {type: string, example: "2026-11"}}', "site_id"],
        "by_dealer, by_technician, by_month — count and the average of each question")
