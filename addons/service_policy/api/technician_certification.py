"""REST resources of technician certifications."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import TechnicianCertification


class TechnicianCertificationApi(ErpModelRestApi):
    resource_name = "technician_certification"
    datamodel = SQLAInterface(TechnicianCertification)
    list_columns = show_columns = ["id", "site_id", "technician_id", "course", "passed_on",
                                   "valid_until"]
    add_columns = edit_columns = ["technician", "course", "passed_on", "valid_until"]
