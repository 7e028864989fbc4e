"""One concrete 6S rule of a site's checklist [004 制度3 四], tagged with its area
and its S.  The seed's rules are the default data (``data/checklist.csv``); site
admins add, edit and retire items.  A retired item takes no new violations but
keeps the ones it has: history is never rewritten."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Integer, String, UnicodeText

from core.context import in_reader_language
from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.names import code_name, computed
from core.workflow import N_, Transition, Workflow

from ..vocab import AREAS, S_TYPES, STATES


class SixsChecklistItem(Workflow, SiteScoped, Model):
    __tablename__ = "sixs_checklist_item"
    __table_args__ = (unique_in_site("code", listed="asc"),)
    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False)
    area = Column(String(32), nullable=False)
    s_type = Column(String(16), nullable=False)
    # where the rule comes from in the seed, e.g. 四.九.4.6
    ref = Column(String(32))
    text_zh = Column(UnicodeText, nullable=False)
    text_en = Column(UnicodeText, nullable=False)
    state = Column(String(16), nullable=False, default="active")

    __transitions__ = (
        Transition("retire", ("active",), "retired", label=N_("Retire")),
        Transition("restore", ("retired",), "active", label=N_("Restore")),
    )

    # --- computed values ------------------------------------------------------------
    text = computed(in_reader_language, "text_en", "text_zh")

    area_label = code_name("area", AREAS)
    s_label = code_name("s_type", S_TYPES)
    state_label = code_name("state", STATES)

    def __repr__(self) -> str:
        return f"{self.code} {self.text}"

    # --- computed values and checks (core.validation runs them at every write) ------
    def _derive(self) -> None:
        """Trimmed; a text in one language stands for both."""
        self.code = (self.code or "").strip()
        text_zh, text_en = (self.text_zh or "").strip(), (self.text_en or "").strip()
        self.text_zh, self.text_en = text_zh or text_en, text_en or text_zh

    def _check_code(self):
        return None if self.code else {"code": _("A code is required.")}

    def _check_area(self):
        if self.area not in AREAS:
            return {"area": _("%(value)s is not an area; use one of %(allowed)s.",
                              value=self.area, allowed=", ".join(AREAS))}
        return None

    def _check_s_type(self):
        if self.s_type not in S_TYPES:
            return {"s_type": _("%(value)s is not one of the six S; use one of "
                                "%(allowed)s.", value=self.s_type,
                                allowed=", ".join(S_TYPES))}
        return None

    def _check_text(self):
        return None if self.text_en else {"text_en": _("The rule needs a text.")}
