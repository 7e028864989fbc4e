import datetime
import decimal

from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, Numeric,
                        String, Text, inspect, select, update)
from sqlalchemy.orm import relationship

from core import settings
from core.context import acting_user
from core.extensions import db
from core.happened import happened
from core.indexes import list_indexes
from core.models import user_reference, utcnow
from core.mixins import SiteScoped
from core.names import code_name
from core.storage import StoredFileMixin
from core.validation import changed, chosen, related
from core.workflow import InvalidInput, TransitionRefused

from ..vocab import (CITY_MISMATCH, COST_BEARERS, DATE_OUTSIDE_TRIP, DUPLICATE_FILE,
                     DUPLICATE_INVOICE, EDITABLE, FLAG_NAMES, KINDS, MANUFACTURING_COST,
                     MISSING_RECEIPT, OVER_DAILY_LIMIT, REJECTED, STATES, SUBMITTED,
                     TRANSPORT, TRAVEL_KINDS, flag_message, parse_amount, same_city)
from .expense_claim import ExpenseClaim

#: what the claimant writes; changed only while the claim is a draft or rejected
CONTENT_COLUMNS = ("claim_id", "kind", "spent_on", "city", "amount", "invoice_number",
                   "note", "file_key")
#: what the checks read: a change computes the flags again
CHECKED_COLUMNS = CONTENT_COLUMNS + ("file_sha256", "override_reason")


class ExpenseLine(StoredFileMixin, SiteScoped, Model):
    """One expense of a claim with its receipt (image or PDF, ``StoredFileMixin``).

    ``flags`` are the checks' findings, computed when the line is saved and again
    when its claim is submitted, shown on every line before anyone approves:
    ``[{"code", "message", "params", "other_claim_id"?, "overridden"?}]`` with the
    codes of contract.md.  ``reimbursable`` is false while a ``city_mismatch`` has
    no manager's override (``override_reason``; the flag stays, marked
    ``overridden``).  ``cost_bearer`` follows 004 制度4 §9: travel kinds go to the
    claimant's organisation (the sales branch or the manufacturer), materials and
    freight to manufacturing cost.

    A duplicate (same invoice number, or same file by SHA-256, on another claim of
    the site that is not rejected) flags both lines, each naming the other's claim.
    Both are found with plain SQL on the site's rows: the person saving sees only
    their own claims, the check must see all of the site's.
    """

    __tablename__ = "expense_line"
    __parent__ = "claim"
    __table_args__ = list_indexes("expense_line", "-spent_on")

    id = Column(Integer, primary_key=True)
    claim_id = Column(Integer, ForeignKey("expense_claim.id"), nullable=False, index=True)
    claim = relationship(ExpenseClaim, back_populates="lines")
    kind = Column(String(20), nullable=False)
    spent_on = happened(Date, nullable=False)
    city = Column(String(100))
    amount = Column(Numeric(12, 2), nullable=False)
    invoice_number = Column(String(64), index=True)
    note = Column(Text)
    flags = Column(JSON)
    reimbursable = Column(Boolean, nullable=False, default=True)
    cost_bearer = Column(String(24), nullable=False, default=MANUFACTURING_COST)
    override_reason = Column(Text)
    overridden_at = Column(DateTime)
    overridden_by_id, overridden_by = user_reference()

    def __repr__(self) -> str:
        return f"{self.kind_text} {self.amount}"

    # --- computed values --------------------------------------------------------
    kind_text = code_name("kind", KINDS)
    cost_bearer_text = code_name("cost_bearer", COST_BEARERS)

    @property
    def claim_state_text(self) -> str:
        return str(STATES.get(self.claim.state, self.claim.state)) if self.claim else ""

    @property
    def flag_texts(self) -> list[tuple[str, str, bool]]:
        """(name, sentence, overridden) of each flag, in the reader's language."""
        return [(str(FLAG_NAMES.get(flag.get("code"), flag.get("code"))),
                 flag_message(flag.get("code"), flag.get("params") or {}),
                 bool(flag.get("overridden"))) for flag in (self.flags or [])]

    @property
    def has_city_mismatch(self) -> bool:
        return any(flag.get("code") == CITY_MISMATCH for flag in self.flags or [])

    # --- derived and checked at every write (core.validation) -------------------
    def _derive(self) -> None:
        claim = related(self, "claim")
        if isinstance(self.city, str):
            self.city = " ".join(self.city.split()) or None
        if isinstance(self.invoice_number, str):
            self.invoice_number = "".join(self.invoice_number.split()).upper() or None
        try:
            self.amount = parse_amount(self.amount)
        except InvalidInput:
            pass  # _check_amount says why
        if claim is not None and self.kind in KINDS:
            self.cost_bearer = claim.organisation if self.kind in TRAVEL_KINDS \
                else MANUFACTURING_COST
        if changed(self, *CHECKED_COLUMNS) and self._checkable(claim):
            with db.session.no_autoflush:  # a page checks the line before adding it
                self.compute_flags()

    def _checkable(self, claim) -> bool:
        return claim is not None and self.kind in KINDS and \
            isinstance(self.spent_on, datetime.date) and \
            isinstance(self.amount, decimal.Decimal) and self.site_id is not None

    def _check_editable(self):
        if not changed(self, *CONTENT_COLUMNS):
            return None
        claim = related(self, "claim")
        if claim is None:
            return None  # _check_claim says why
        # a message (422), not a refusal: the other checks of the write (a date in the
        # future) are said too
        stored = _stored_state(claim)
        if stored not in EDITABLE:
            return {"claim_id": _(
                "Claim %(id)s is %(state)s: its lines change only while it is a draft or "
                "rejected.", id=claim.id, state=str(STATES.get(stored, stored)))}
        actor = acting_user()
        if actor is not None and actor.id != claim.claimant_id:
            return {"claim_id": _("Only the person who travelled changes the lines of "
                                  "their claim.")}
        return None

    def _check_claim(self):
        return chosen(self, "claim", _("Choose one of your claims."), "claim_id")

    def _check_kind(self):
        if self.kind not in KINDS:
            return {"kind": _("The kind must be one of: %(kinds)s.",
                              kinds=", ".join(str(label) for label in KINDS.values()))}
        return None

    def _check_spent_on(self):
        if not isinstance(self.spent_on, datetime.date):
            return {"spent_on": _("Give the date on the receipt.")}
        return None

    def _check_amount(self):
        parse_amount(self.amount)

    def _check_city(self):
        claim = related(self, "claim")
        if claim is None or claim.site_id is None:
            return None
        if self.kind in _setting(claim.site_id, "city_checked_kinds") and not self.city:
            return {"city": _("Give the city on the receipt: a %(kind)s receipt must come "
                              "from the trip's destination.", kind=self.kind_text)}
        return None

    def _check_delete(self):
        claim = self.claim
        if claim is not None and claim.state not in EDITABLE:
            return {"claim_id": _("Claim %(id)s is %(state)s: its lines are kept.",
                                  id=claim.id, state=claim.state_text)}
        return None

    # --- the checks' findings ---------------------------------------------------
    def compute_flags(self) -> None:
        """Every check of the line, stored in ``flags`` and ``reimbursable``."""
        claim = related(self, "claim")
        if not self._checkable(claim):
            return
        site_id = self.site_id
        flags = []

        def flag(code, **params):
            entry = {"code": code, "message": flag_message(code, params),
                     "params": params}
            flags.append(entry)
            return entry

        if isinstance(claim.trip_start, datetime.date) and \
                isinstance(claim.trip_end, datetime.date) and \
                not claim.trip_start <= self.spent_on <= claim.trip_end:
            flag(DATE_OUTSIDE_TRIP, date=self.spent_on.isoformat(),
                 start=claim.trip_start.isoformat(), end=claim.trip_end.isoformat())
        if self.kind in _setting(site_id, "city_checked_kinds") and self.city and \
                claim.destination and not same_city(self.city, claim.destination) and \
                not (self.kind == TRANSPORT and any(
                    same_city(self.city, home) for home in _setting(site_id, "home_cities"))):
            entry = flag(CITY_MISMATCH, city=self.city, destination=claim.destination)
            if self.override_reason:
                entry["overridden"] = True
        for code, column, value in ((DUPLICATE_INVOICE, "invoice_number", self.invoice_number),
                                    (DUPLICATE_FILE, "file_sha256", self.file_sha256)):
            for other_id, other_claim_id in self._duplicates(claim, column, value):
                entry = flag(code, invoice=value, claim=f"#{other_claim_id}")
                entry["other_claim_id"] = other_claim_id
                self._flag_other(other_id, code, value, claim.id)
        if self.kind in _setting(site_id, "receipt_kinds") and not self.file_key:
            flag(MISSING_RECEIPT, kind=self.kind)
        limit = settings.get(site_id, f"travel_expense.daily_limit_{self.kind}")
        if limit > 0:
            same_day = [line for line in claim.lines if line is not self
                        and line.kind == self.kind and line.spent_on == self.spent_on
                        and isinstance(line.amount, decimal.Decimal)]
            total = sum((line.amount for line in same_day), self.amount)
            if total > limit:
                flag(OVER_DAILY_LIMIT, kind=self.kind, date=self.spent_on.isoformat(),
                     total=str(total), limit=str(limit))
        self.flags = flags
        self.reimbursable = not any(entry["code"] == CITY_MISMATCH and
                                    not entry.get("overridden") for entry in flags)

    def _duplicates(self, claim, column: str, value) -> list[tuple[int, int]]:
        """(line id, claim id) of the site's lines on other claims, not rejected, with
        the same ``column`` value."""
        if not value or claim.id is None:
            return []
        lines, claims = ExpenseLine.__table__, ExpenseClaim.__table__
        rows = db.session.connection().execute(
            select(lines.c.id, lines.c.claim_id)
            .select_from(lines.join(claims, claims.c.id == lines.c.claim_id))
            .where(lines.c.site_id == self.site_id, lines.c[column] == value,
                   lines.c.claim_id != claim.id, claims.c.state != REJECTED)
            .order_by(lines.c.id)).all()
        return [(row.id, row.claim_id) for row in rows]

    def _flag_other(self, other_id: int, code: str, value, claim_id: int) -> None:
        """The other line of a duplicate is flagged too, naming this claim.  Plain SQL:
        the other line is usually another person's, whom the one saving may not
        write; the flag is a finding, not their data."""
        lines = ExpenseLine.__table__
        connection = db.session.connection()
        flags = connection.execute(select(lines.c.flags).where(lines.c.id == other_id)
                                   ).scalar() or []
        if any(entry.get("code") == code and entry.get("other_claim_id") == claim_id
               for entry in flags):
            return
        params = {"invoice": value, "claim": f"#{claim_id}"}
        flags = flags + [{"code": code, "message": flag_message(code, params),
                          "params": params, "other_claim_id": claim_id}]
        connection.execute(update(lines).where(lines.c.id == other_id).values(flags=flags))

    # --- the manager's override -------------------------------------------------
    def override(self, reason: str | None) -> None:
        """A manager accepts a receipt from another city (with a reason): the line is
        reimbursed, the flag stays, marked overridden."""
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput({"reason": [_("Say why this receipt from another city is "
                                             "reimbursed.")]})
        claim = self.claim
        if not self.has_city_mismatch:
            raise TransitionRefused(_("Line %(id)s has no city mismatch to override.",
                                      id=self.id))
        if claim.state != SUBMITTED:
            raise TransitionRefused(_(
                "Claim %(id)s is %(state)s: a city mismatch is overridden while the claim "
                "waits for the manager.", id=claim.id, state=claim.state_text))
        actor = acting_user()
        if actor is not None and actor.id == claim.claimant_id:
            raise TransitionRefused(_("Nobody may override a check on their own claim."))
        self.override_reason = reason
        self.overridden_at = utcnow()
        self.overridden_by_id = actor.id if actor is not None else None
        self.compute_flags()

    def set_file(self, stored) -> None:
        claim = self.claim
        if claim is not None and claim.state not in EDITABLE:
            raise TransitionRefused(_(
                "Claim %(id)s is %(state)s: receipts are added while it is a draft or "
                "rejected.", id=claim.id, state=claim.state_text))
        super().set_file(stored)


def _setting(site_id: int, key: str):
    return settings.get(site_id, f"travel_expense.{key}") or []


def _stored_state(claim) -> str:
    history = inspect(claim).attrs.state.history
    return history.deleted[0] if history.deleted else claim.state
