from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import SixsTeamMember


class SixsTeamMemberApi(ErpModelRestApi):
    resource_name = "sixs_team_member"
    datamodel = SQLAInterface(SixsTeamMember)
    list_columns = show_columns = ["id", "site_id", "person_id", "team"]
    add_columns = edit_columns = ["person_id", "team"]
    order_columns = ["team", "person_id"]
