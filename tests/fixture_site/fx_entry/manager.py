from core.loader import BaseAddonManager

from .views import FxEntryPage


class AddonManager(BaseAddonManager):
    views_without_menu = (FxEntryPage,)
