"""Where quality information goes by severity [002 §4.2, §5.2.3] — per-site data a
site admin can change."""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Column, Integer, String, UniqueConstraint, select

from core.extensions import db
from core.mixins import SiteScoped

SEVERITIES = ("major", "important", "general")

# severity -> routed to, final inspection too, filed with QM (质管部), CAPA owner
DEFAULT_ROUTING = {
    "major": ("Technical director", True, True, "Technical director"),
    "important": ("Technical department", True, True, "Technical department"),
    "general": ("Responsible department", True, False, "Responsible department"),
}


class ServiceRoutingRule(SiteScoped, Model):
    __tablename__ = "service_routing_rule"
    __table_args__ = (UniqueConstraint("site_id", "severity"),)
    id = Column(Integer, primary_key=True)
    severity = Column(String(16), nullable=False)
    routed_to = Column(String(120), nullable=False)
    final_inspection = Column(Boolean, nullable=False, default=True)
    filed_with_qm = Column(Boolean, nullable=False, default=False)
    capa_owner = Column(String(120), nullable=False)

    def __repr__(self) -> str:
        return f"{self.severity} → {self.routed_to}"


def ensure_default_routing(site_id: int) -> None:
    """Give the site the default table where it has no row for a severity."""
    have = set(db.session.execute(select(ServiceRoutingRule.severity).where(
        ServiceRoutingRule.site_id == site_id)).scalars())
    for severity, (routed_to, final, filed, owner) in DEFAULT_ROUTING.items():
        if severity not in have:
            db.session.add(ServiceRoutingRule(
                site_id=site_id, severity=severity, routed_to=routed_to,
                final_inspection=final, filed_with_qm=filed, capa_owner=owner))
    db.session.flush()


def rule_for(site_id: int, severity: str) -> ServiceRoutingRule:
    rule = db.session.execute(select(ServiceRoutingRule).where(
        ServiceRoutingRule.site_id == site_id,
        ServiceRoutingRule.severity == severity)).scalar_one_or_none()
    if rule is None:
        ensure_default_routing(site_id)
        return rule_for(site_id, severity)
    return rule
