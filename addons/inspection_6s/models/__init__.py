from .sixs_checklist_item import SixsChecklistItem  # noqa: F401
from .sixs_inspection import SixsInspection  # noqa: F401
from .sixs_violation import SixsViolation  # noqa: F401
from .sixs_weekly_selection import SixsWeeklySelection  # noqa: F401
from .sixs_team_member import SixsTeamMember  # noqa: F401
from .sixs_month_close import SixsMonthClose  # noqa: F401
