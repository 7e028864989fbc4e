from .sixs_checklist_item import SixsChecklistItemApi  # noqa: F401
from .sixs_inspection import SixsInspectionApi  # noqa: F401
from .sixs_month_close import SixsMonthCloseApi  # noqa: F401
from .sixs_score import SixsScoreApi  # noqa: F401
from .sixs_team_member import SixsTeamMemberApi  # noqa: F401
from .sixs_violation import SixsViolationApi  # noqa: F401
from .sixs_weekly_selection import SixsWeeklySelectionApi  # noqa: F401
