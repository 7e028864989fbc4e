from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from core.base import ErpModelView
from core.models import ErpUser
from core.workflow import N_

from ..models import SixsTeamMember
from .common import STAFF_ONLY


def people_without_team(query):
    """A person is in one team: the form offers those in none (an edit keeps its own)."""
    return query.filter(~exists(select(SixsTeamMember.id).where(
        SixsTeamMember.person_id == ErpUser.id)))


class SixsTeamMemberView(ErpModelView):
    datamodel = SQLAInterface(SixsTeamMember)
    titles = (N_("6S teams"), N_("6S team member"), N_("Put a person in a 6S team"),
              N_("Change a person's 6S team"))
    list_columns = show_columns = ["team", "person"]
    add_columns = edit_columns = ["person", "team"]
    search_columns = ["team", "person"]
    order_columns = ["team"]
    base_order = ("team", "asc")
    label_columns = {"team": _l("Team"), "person": _l("Person")}
    add_form_query_rel_fields = edit_form_query_rel_fields = {"person": STAFF_ONLY}
    choice_filters = {"person": people_without_team}
