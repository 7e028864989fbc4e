
from core.base import ErpApi, rest_endpoint
from core.clock import requested_month
from core.workflow import InvalidInput

from ..report import monthly_report, report_site_and_owner
from ..report import charts as chart_data


class SixsScoreApi(ErpApi):
    """The monthly 6S score of the caller's site (a person who sees only their own
    records gets their own row)."""

    resource_name = "sixs_score"
    openapi_spec_tag = "6S score"

    def _answer(self, report):
        """``report(site_id, month, owner_id)`` for the asked site and month, or 422."""
        try:
            site_id, owner_id = report_site_and_owner()
            month = requested_month(site_id)
        except InvalidInput as error:
            return self.response_422(message=error.messages)
        return self.response(200, **report(site_id, month, owner_id))

    @rest_endpoint("/monthly")
    def monthly(self):
        """One row per person of the caller's site for a month
        ---
        get:
          parameters:
          - month
          - site_id
          responses:
            200:
              description: person, violations, cleanup_failures, points,
                deduction_yuan, best_count, worst_count, reward_yuan, penalty_yuan
        """
        return self._answer(monthly_report)

    @rest_endpoint("/charts")
    def charts(self):
        """Points of a month by S, by area, by team, and the trend over 12 months
        ---
        get:
          parameters:
          - month
          - site_id
          responses:
            200: {description: "by_s, by_area, by_team, trend: key, label, points, count"}
        """
        return self._answer(lambda site_id, month, owner_id: dict(
            site_id=site_id, month=month, **chart_data(site_id, month, owner_id)))
