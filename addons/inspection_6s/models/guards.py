"""Every write of this addon's rows is checked here, at flush, whoever writes
(API, page, job, demo): the rows' ``validate`` normalises derived fields and
raises ``InvalidInput`` (422) for bad input.  Views call the same checks earlier
to show the messages on the form."""
from flask import has_request_context
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.scope import current_scope, request_principal
from core.workflow import InvalidInput

from .sixs_checklist_item import SixsChecklistItem
from .sixs_inspection import SixsInspection
from .sixs_team_member import SixsTeamMember
from .sixs_violation import SixsViolation
from .sixs_weekly_selection import SixsWeeklySelection

SITE_ROWS = (SixsViolation, SixsWeeklySelection, SixsTeamMember)


def acting_site_id(row):
    """The row's site, else the actor's (the scope guard stamps it at insert)."""
    if row.site_id is not None:
        return row.site_id
    scope = current_scope()
    return getattr(scope, "site_id", None)


def acting_user_id():
    if not has_request_context():
        return None
    user = request_principal()
    return getattr(user, "id", None)


def check_row(session, row, creating: bool) -> None:
    if isinstance(row, SITE_ROWS):
        row.validate(session, acting_site_id(row), creating)
    elif isinstance(row, SixsInspection):
        row.validate(acting_user_id())
    elif isinstance(row, SixsChecklistItem):
        row.validate()


@event.listens_for(Session, "before_flush")
def _check_sixs_rows(session, flush_context, instances) -> None:
    for row in list(session.new):
        check_row(session, row, creating=True)
    for row in list(session.dirty):
        if isinstance(row, (SITE_ROWS, SixsInspection, SixsChecklistItem)) and \
                session.is_modified(row, include_collections=False):
            check_row(session, row, creating=False)
    for row in list(session.deleted):
        if isinstance(row, SixsViolation):
            row.check_deletable(session)
        elif isinstance(row, SixsInspection) and row.violations:
            raise InvalidInput({"id": [_(
                "Inspection %(id)s has violations; it cannot be deleted.", id=row.id)]})
