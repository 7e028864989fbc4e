from .sixs_checklist_item import SixsChecklistItemView  # noqa: F401
from .sixs_inspection import SixsInspectionView  # noqa: F401
from .sixs_month_close import SixsMonthCloseView  # noqa: F401
from .sixs_score import SixsScoreView  # noqa: F401
from .sixs_team_member import SixsTeamMemberView  # noqa: F401
from .sixs_violation import SixsViolationView  # noqa: F401
from .sixs_weekly_selection import SixsWeeklySelectionView  # noqa: F401
