"""Where quality information goes by severity [002 §4.2, §5.2.3] — per-site data a
site admin can change; the default table is ``data/service_routing_rule.csv``."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Boolean, Column, Integer, String, select

from core.extensions import db
from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.validation import given

from ..vocab import SEVERITIES, code_problem


class ServiceRoutingRule(SiteScoped, Model):
    __tablename__ = "service_routing_rule"
    # listed by id: the seeded order, major, important, general (not by the codes)
    __table_args__ = (unique_in_site("severity"),)
    id = Column(Integer, primary_key=True)
    severity = Column(String(16), nullable=False)
    routed_to = Column(String(120), nullable=False)
    final_inspection = Column(Boolean, nullable=False, default=True)
    filed_with_qm = Column(Boolean, nullable=False, default=False)
    capa_owner = Column(String(120), nullable=False)

    def __repr__(self) -> str:
        return f"{self.severity} → {self.routed_to}"

    def _check_severity(self):
        return code_problem(self.severity, "severity", SEVERITIES)

    def _check_routed_to(self):
        return given(self, "routed_to", _("Say where this severity is routed."))

    def _check_capa_owner(self):
        return given(self, "capa_owner", _("Say who owns the corrective action."))


def rule_for(site_id: int, severity: str) -> ServiceRoutingRule | None:
    """The site's rule for ``severity``; None if the site removed it."""
    return db.session.execute(select(ServiceRoutingRule).where(
        ServiceRoutingRule.site_id == site_id,
        ServiceRoutingRule.severity == severity)).scalar_one_or_none()
