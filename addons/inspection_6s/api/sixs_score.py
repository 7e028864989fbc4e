from core.base import ErpApi, report_endpoint
from core.clock import requested_month

from ..report import monthly_report, report_site_and_owner
from ..report import charts as chart_data


def score_endpoint(name: str, report, title: str, answered: str):
    """``GET /api/v1/sixs_score/<name>``: ``report(site_id, month, owner_id)`` for the
    asked site and month (``SixsScoreApi._answer``)."""
    return report_endpoint(name, lambda self: self._answer(report), title,
                           ["month", "site_id"], answered)


class SixsScoreApi(ErpApi):
    """The monthly 6S score of the caller's site (a person who sees only their own
    records gets their own row)."""

    resource_name = "sixs_score"
    openapi_spec_tag = "6S score"

    def _answer(self, report):
        """``report(site_id, month, owner_id)`` for the asked site and month, the answer
        naming them too."""
        site_id, owner_id = report_site_and_owner()
        month = requested_month(site_id)
        return self.response(200, **{"site_id": site_id, "month": month,
                                     **report(site_id, month, owner_id)})

    monthly = score_endpoint(
        "monthly", monthly_report, "One row per person of the caller's site for a month",
        "person, violations, cleanup_failures, points, deduction_yuan, best_count, "
        "worst_count, reward_yuan, penalty_yuan")
    charts = score_endpoint(
        "charts", chart_data,
        "Points of a month by S, by area, by team, and the trend over 12 months",
        "by_s, by_area, by_team, trend: key, label, points, count")
