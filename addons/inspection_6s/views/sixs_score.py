"""The monthly 6S score as a page: the ranking and four charts (points by S, by
area, by team, and the trend over twelve months), server-rendered SVG."""
from flask import request
from flask_babel import lazy_gettext as _l

from core import clock, settings
from core.base import ErpPage, page_endpoint
from core.workflow import N_, InvalidInput

from ..report import charts, monthly_report, report_site_and_owner, teams_of
from ..vocab import WEEKDAY_LABELS, label


class SixsScoreView(ErpPage):
    titles = (N_("6S score"),)
    route_base = "/sixs_score"

    @page_endpoint("/")
    def index(self):
        try:
            site_id, owner_id = report_site_and_owner()
            month = clock.requested_month(site_id)
        except InvalidInput as error:
            return self.render_template("inspection_6s/score.html", errors=error.messages,
                                        month=request.args.get("month", "")[:20],
                                        report=None, charts=None), 422
        report = monthly_report(site_id, month, owner_id)
        teams = teams_of(site_id)
        for row in report["result"]:
            row["team"] = teams.get(row["person_id"], "")
        return self.render_template(
            "inspection_6s/score.html", errors=None, month=month, report=report,
            charts=charts(site_id, month, owner_id),
            previous=clock.shift_month(month, -1), next=clock.shift_month(month, 1),
            site_query=("&site_id=%d" % site_id) if request.args.get("site_id") else "",
            cleanup=(label(WEEKDAY_LABELS, settings.get(
                site_id, "inspection_6s.cleanup_weekday")),
                settings.get(site_id, "inspection_6s.cleanup_time").strftime("%H:%M")),
            title=_l("Monthly 6S score"))
