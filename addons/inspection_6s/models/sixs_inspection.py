"""An inspection round: the service director (or a manager) inspects an area, or
the whole site, at a random moment, dynamic or static (动态或静态) [004 制度3 十二]."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core.happened import happened
from core.localtime import as_utc
from core.mixins import SiteScoped
from core.models import utcnow
from core.workflow import InvalidInput

from ..vocab import AREAS, MODES, label


class SixsInspection(SiteScoped, Model):
    __tablename__ = "sixs_inspection"
    id = Column(Integer, primary_key=True)
    # empty: the whole site
    area = Column(String(32))
    inspector_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    inspector = relationship("ErpUser", foreign_keys=[inspector_id])
    inspected_at = happened(DateTime, nullable=False, default=utcnow)
    mode = Column(String(16), nullable=False, default="dynamic")
    note = Column(Text)

    @property
    def area_label(self) -> str:
        return label(AREAS, self.area) if self.area else _("Whole site")

    @property
    def mode_label(self) -> str:
        return label(MODES, self.mode)

    def __repr__(self) -> str:
        when = self.inspected_at.strftime("%Y-%m-%d %H:%M") if self.inspected_at else ""
        return f"#{self.id} {self.area_label} {when}"

    def validate(self, acting_user_id=None) -> None:
        problems = {}
        if self.area is not None and self.area.strip() == "":
            self.area = None
        if self.area is not None and self.area not in AREAS:
            problems["area"] = [_("%(value)s is not an area; use one of %(allowed)s.",
                                  value=self.area, allowed=", ".join(AREAS))]
        if self.mode is None:
            self.mode = "dynamic"
        if self.mode not in MODES:
            problems["mode"] = [_("The inspection is dynamic or static, not %(value)s.",
                                  value=self.mode)]
        if self.inspector_id is None and self.inspector is None:
            if acting_user_id is None:
                problems["inspector_id"] = [_("Who inspected?")]
            else:
                self.inspector_id = acting_user_id
        if problems:
            raise InvalidInput(problems)
        self.inspected_at = as_utc(self.inspected_at) if self.inspected_at \
            else utcnow()
