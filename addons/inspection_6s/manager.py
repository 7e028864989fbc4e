"""Registers the 6S pages, REST APIs and menu (category "6S")."""
from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import (SixsChecklistItemApi, SixsInspectionApi, SixsMonthCloseApi, SixsScoreApi,
                  SixsTeamMemberApi, SixsViolationApi, SixsWeeklySelectionApi)
from .views import (SixsChecklistItemView, SixsInspectionView, SixsMonthCloseView,
                    SixsScoreView, SixsTeamMemberView, SixsViolationView,
                    SixsWeeklySelectionView)
from .views.common import CATEGORY, CATEGORY_LABEL


class AddonManager(BaseManager):
    def register_views(self):
        appbuilder = self.appbuilder
        appbuilder.add_view(SixsScoreView, "6S score", label=_l("6S score"),
                            icon="fa-trophy", category=CATEGORY,
                            category_label=CATEGORY_LABEL, category_icon="fa-broom")
        appbuilder.add_view(SixsInspectionView, "6S inspections", label=_l("6S inspections"),
                            icon="fa-search", category=CATEGORY)
        appbuilder.add_view(SixsViolationView, "6S violations", label=_l("6S violations"),
                            icon="fa-exclamation-triangle", category=CATEGORY)
        appbuilder.add_view(SixsWeeklySelectionView, "Weekly 6S selections",
                            label=_l("Weekly 6S selections"), icon="fa-star",
                            category=CATEGORY)
        appbuilder.add_view(SixsChecklistItemView, "6S checklist", label=_l("6S checklist"),
                            icon="fa-list", category=CATEGORY)
        appbuilder.add_view(SixsTeamMemberView, "6S teams", label=_l("6S teams"),
                            icon="fa-users", category=CATEGORY)
        appbuilder.add_view(SixsMonthCloseView, "Closed 6S months",
                            label=_l("Closed 6S months"), icon="fa-lock", category=CATEGORY)
        for api in (SixsChecklistItemApi, SixsInspectionApi, SixsViolationApi,
                    SixsWeeklySelectionApi, SixsTeamMemberApi, SixsMonthCloseApi,
                    SixsScoreApi):
            appbuilder.add_api(api)
