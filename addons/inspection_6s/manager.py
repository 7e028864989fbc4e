"""Registers the 6S pages, REST APIs and menu (category "6S")."""
from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import (SixsChecklistItemApi, SixsInspectionApi, SixsMonthCloseApi, SixsScoreApi,
                  SixsTeamMemberApi, SixsViolationApi, SixsWeeklySelectionApi)
from .views import (SixsChecklistItemView, SixsInspectionView, SixsMonthCloseView,
                    SixsScoreView, SixsTeamMemberView, SixsViolationView,
                    SixsWeeklySelectionView)
from .views.common import CATEGORY, CATEGORY_LABEL


class AddonManager(BaseAddonManager):
    menu = Menu(CATEGORY, "fa-broom", label=CATEGORY_LABEL, entries=(
        (SixsScoreView, N_("6S score"), "fa-trophy"),
        (SixsInspectionView, N_("6S inspections"), "fa-search"),
        (SixsViolationView, N_("6S violations"), "fa-exclamation-triangle"),
        (SixsWeeklySelectionView, N_("Weekly 6S selections"), "fa-star"),
        (SixsChecklistItemView, N_("6S checklist"), "fa-list"),
        (SixsTeamMemberView, N_("6S teams"), "fa-users"),
        (SixsMonthCloseView, N_("Closed 6S months"), "fa-lock"),
    ))
    apis = (SixsChecklistItemApi, SixsInspectionApi, SixsViolationApi, SixsWeeklySelectionApi,
            SixsTeamMemberApi, SixsMonthCloseApi, SixsScoreApi)
