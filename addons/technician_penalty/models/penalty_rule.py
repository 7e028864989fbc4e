import decimal
import re

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, Integer, Numeric, String, Text, select

from core.context import in_reader_language
from core.extensions import db
from core.indexes import unique_in_site
from core.mixins import SiteScoped
from core.names import computed, remember
from core.numbers import money, whole_number
from core.workflow import InvalidInput
from core.validation import given

#: sanction kind -> label; fines and rewards carry an amount in yuan, demerits a count
SANCTION_KINDS = {
    "fine": _l("Fine"),
    "reward": _l("Reward"),
    "demerit": _l("Demerit"),
    "major_demerit": _l("Major demerit"),
    "dismissal": _l("Dismissal"),
    "legal_action": _l("Legal action"),
    "allowance_forfeit": _l("Travel phone allowance forfeited"),
}
FINE, REWARD, DEMERIT, MAJOR_DEMERIT, DISMISSAL, LEGAL_ACTION, ALLOWANCE_FORFEIT = SANCTION_KINDS
MONEY_KINDS = (FINE, REWARD)
COUNTED_KINDS = (DEMERIT, MAJOR_DEMERIT)
MAX_AMOUNT = decimal.Decimal("99999999.99")
MAX_QUANTITY = 10
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{1,31}$")


def parse_amount(value, field: str = "amount", allow_zero: bool = False) -> decimal.Decimal:
    """Yuan with two decimals, from a string or a JSON number; 422 otherwise."""
    amount = money(value)
    if amount is None:
        raise InvalidInput({field: [_("Give the amount in yuan, for example 50.00.")]})
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_AMOUNT:
        raise InvalidInput({field: [_("The amount must be more than 0.00 and at most "
                                      "%(max)s yuan.", max=MAX_AMOUNT)]})
    return amount


def parse_quantity(value, field: str = "quantity") -> int:
    if value is None or value == "":
        return 1
    number = whole_number(value.strip() if isinstance(value, str) else value)
    if number is None or not 1 <= number <= MAX_QUANTITY:
        raise InvalidInput({field: [_("The count must be a whole number from 1 to "
                                      "%(max)s.", max=MAX_QUANTITY)]})
    return number


@remember  # an export's 100,000 records hold a few dozen sanctions
def describe_sanction(kind: str, amount, quantity) -> str:
    """A short human text: "Fine 50.00 yuan", "Major demerit ×1"."""
    label = str(SANCTION_KINDS.get(kind, kind))
    if kind in MONEY_KINDS:
        return _("%(kind)s %(amount)s yuan", kind=label, amount=amount)
    if kind in COUNTED_KINDS:
        return _("%(kind)s ×%(count)s", kind=label, count=quantity or 1)
    if kind == ALLOWANCE_FORFEIT and amount:
        return _("%(kind)s, or a fine of %(amount)s yuan", kind=label, amount=amount)
    return label


def describe_decision(kind: str | None, amount, quantity) -> str:
    """HR's decided sanction as :func:`describe_sanction` says it; nothing before HR
    decided."""
    return describe_sanction(kind, amount, quantity) if kind else ""


class PenaltyRule(SiteScoped, Model):
    """One entry of a site's catalogue of penalties and rewards.

    Loaded per site from ``data/penalty_rule.csv`` when the addon is enabled there
    (``core.data``) and edited by the site afterwards.
    A rule is never deleted: it is retired (``active`` false), so the records that
    name it keep their history.  A record copies the rule's sanction when it is
    proposed, so editing a rule never rewrites past records.

    ``sanction`` is one of :data:`SANCTION_KINDS`; ``amount`` is the fine or reward
    in yuan (for ``allowance_forfeit``: the fine HR may choose instead of the
    forfeit); ``quantity`` is the number of demerits; ``variable_amount`` lets the
    proposer give the amount (6S month deductions, outstanding-service rewards).
    """

    __tablename__ = "penalty_rule"
    __table_args__ = (unique_in_site("code", listed="asc"),)

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False)
    name = Column(String(200), nullable=False)
    name_zh = Column(String(200))
    reference = Column(String(64))
    sanction = Column(String(20), nullable=False, default=FINE)
    amount = Column(Numeric(12, 2), nullable=False, default=decimal.Decimal("0.00"))
    quantity = Column(Integer, nullable=False, default=1)
    variable_amount = Column(Boolean, nullable=False, default=False)
    active = Column(Boolean, nullable=False, default=True)
    note = Column(Text)

    def __repr__(self) -> str:
        """The rule as people read it: its Chinese name on a Chinese page."""
        return f"{self.code} {in_reader_language(self.name, self.name_zh)}"

    # --- computed values --------------------------------------------------------
    @property
    def is_reward(self) -> bool:
        return self.sanction == REWARD

    sanction_text = computed(describe_sanction, "sanction", "amount", "quantity")

    # --- computed values and checks (core.validation runs them at every write) ------
    def _derive(self) -> None:
        """Amount and count in their stored form, when they are valid."""
        try:
            self.amount = parse_amount(self.amount if self.amount is not None else "0",
                                       allow_zero=True)
        except InvalidInput:
            pass  # _check_amount says why
        try:
            self.quantity = parse_quantity(self.quantity)
        except InvalidInput:
            pass  # _check_quantity says why

    def _check_code(self):
        if not isinstance(self.code, str) or not CODE_RE.match(self.code):
            return {"code": _("A code is 2 to 32 capital letters, digits or dashes, "
                              "for example P-LATE.")}
        return None

    def _check_name(self):
        return given(self, "name", _("The offence or merit needs a name."))

    def _check_sanction(self):
        if self.sanction not in SANCTION_KINDS:
            return {"sanction": _("The sanction must be one of: %(kinds)s.",
                                  kinds=", ".join(SANCTION_KINDS))}
        return None

    def _check_amount(self):
        amount = parse_amount(self.amount if self.amount is not None else "0",
                              allow_zero=True)
        if self.sanction in MONEY_KINDS + (ALLOWANCE_FORFEIT,) and amount == 0 \
                and not self.variable_amount:
            return {"amount": _("A fine or a reward of a fixed amount needs an amount.")}
        return None

    def _check_quantity(self):
        parse_quantity(self.quantity)


def rule_by_code(site_id: int, code: str) -> PenaltyRule | None:
    return db.session.execute(
        select(PenaltyRule).where(PenaltyRule.site_id == site_id,
                                  PenaltyRule.code == code)).scalar_one_or_none()
