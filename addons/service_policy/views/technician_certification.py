"""Pages of technician certifications."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.forms import users_in_role

from ..models import TechnicianCertification
from .common import ServiceModelView


class TechnicianCertificationView(ServiceModelView):
    titles = (_l("Certifications"), _l("Technician certification"), _l("Add a certification"),
              _l("Edit a certification"))
    datamodel = SQLAInterface(TechnicianCertification)
    choice_filters = {"technician": users_in_role("Technician")}
    list_columns = ["technician", "course", "passed_on", "valid_until"]
    add_columns = edit_columns = show_columns = list_columns
