"""Pages of technician certifications."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.forms import users_in_role
from core.workflow import N_

from ..models import TechnicianCertification
from .common import ServiceModelView


class TechnicianCertificationView(ServiceModelView):
    titles = (N_("Certifications"), N_("Technician certification"), N_("Add a certification"),
              N_("Edit a certification"))
    datamodel = SQLAInterface(TechnicianCertification)
    choice_filters = {"technician": users_in_role("Technician")}
    list_columns = ["technician", "course", "passed_on", "valid_until"]
    add_columns = edit_columns = show_columns = list_columns
