"""An inspection round: the service director (or a manager) inspects an area, or
the whole site, at a random moment, dynamic or static (动态或静态) [004 制度3 十二]."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core.happened import happened
from core.indexes import list_indexes
from core.context import acting_user_id
from core.localtime import as_utc
from core.mixins import SiteScoped
from core.models import utcnow
from core.names import code_name, computed

from ..vocab import AREAS, MODES, label


def area_name(area: str | None) -> str:
    return label(AREAS, area) if area else _("Whole site")


class SixsInspection(SiteScoped, Model):
    __tablename__ = "sixs_inspection"
    __table_args__ = list_indexes("sixs_inspection", "-inspected_at")
    id = Column(Integer, primary_key=True)
    # empty: the whole site
    area = Column(String(32))
    inspector_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    inspector = relationship("ErpUser", foreign_keys=[inspector_id])
    inspected_at = happened(DateTime, nullable=False, default=utcnow)
    mode = Column(String(16), nullable=False, default="dynamic")
    note = Column(Text)

    area_label = computed(area_name, "area")

    mode_label = code_name("mode", MODES)

    def __repr__(self) -> str:
        when = self.inspected_at.strftime("%Y-%m-%d %H:%M") if self.inspected_at else ""
        return f"#{self.id} {self.area_label} {when}"

    # --- computed values and checks (core.validation runs them at every write) ------
    def _derive(self) -> None:
        """No area is the whole site; the inspector is whoever records it; the time
        is now unless given."""
        if self.area is not None and self.area.strip() == "":
            self.area = None
        self.mode = self.mode or "dynamic"
        if self.inspector_id is None and self.inspector is None:
            self.inspector_id = acting_user_id()
        self.inspected_at = as_utc(self.inspected_at) if self.inspected_at else utcnow()

    def _check_area(self):
        if self.area is not None and self.area not in AREAS:
            return {"area": _("%(value)s is not an area; use one of %(allowed)s.",
                              value=self.area, allowed=", ".join(AREAS))}
        return None

    def _check_mode(self):
        if self.mode not in MODES:
            return {"mode": _("The inspection is dynamic or static, not %(value)s.",
                              value=self.mode)}
        return None

    def _check_inspector(self):
        if self.inspector_id is None and self.inspector is None:
            return {"inspector_id": _("Who inspected?")}
        return None

    def _check_delete(self):
        if self.violations:
            return {"id": _("Inspection %(id)s has violations; it cannot be deleted.",
                            id=self.id)}
        return None
