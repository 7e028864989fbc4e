"""Registers the 6S pages, REST APIs and menu (category "6S")."""
from core.loader import BaseAddonManager, Menu

from .api import (SixsChecklistItemApi, SixsInspectionApi, SixsMonthCloseApi, SixsScoreApi,
                  SixsTeamMemberApi, SixsViolationApi, SixsWeeklySelectionApi)
from .views import (SixsChecklistItemView, SixsInspectionView, SixsMonthCloseView,
                    SixsScoreView, SixsTeamMemberView, SixsViolationView,
                    SixsWeeklySelectionView)
from .views.common import CATEGORY, CATEGORY_LABEL


class AddonManager(BaseAddonManager):
    menu = Menu(CATEGORY, "fa-broom", label=CATEGORY_LABEL, entries=(
        (SixsScoreView, "fa-trophy"),
        (SixsInspectionView, "fa-search"),
        (SixsViolationView, "fa-exclamation-triangle"),
        (SixsWeeklySelectionView, "fa-star"),
        (SixsChecklistItemView, "fa-list"),
        (SixsTeamMemberView, "fa-users"),
        (SixsMonthCloseView, "fa-lock"),
    ))
    apis = (SixsChecklistItemApi, SixsInspectionApi, SixsViolationApi, SixsWeeklySelectionApi,
            SixsTeamMemberApi, SixsMonthCloseApi, SixsScoreApi)
