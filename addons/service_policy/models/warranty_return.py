"""Warranty parts returned from the field (三包件退回) [000 §3.1–3.5, §4.5.3–4.5.5].

The after-sales staff receive the parts of one service record and count them
against the record's list of parts tagged for return; a count that differs from the
list is kept as counted, with the receiver's explanation (never corrected to fit).
The parts go to the nonconforming area (不合格品区); quality staff identify each
part's supplier from its marking; the notice to clear them (清退通知) then goes to
purchasing, who pass it to the supplier.
"""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from core import clock, sequences, settings
from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import DealerScoped
from core.models import Site, user_reference, utcnow
from core.validation import creating, related
from core.workflow import N_, InvalidInput, Transition, TransitionRefused, Workflow

from .service_record import ServiceRecord


class WarrantyReturn(Workflow, DealerScoped, Model):
    __tablename__ = "warranty_return"
    __parent__ = "record"
    __table_args__ = (unique_in_site("number"),
                      *list_indexes("warranty_return", "-registered_at", dealer=True))
    __transitions__ = (
        Transition("receive", ("registered",), "received", at="received_at",
                   why="count_note", by="received_by_id", label=N_("Receive and count")),
        Transition("store", ("received",), "stored", at="stored_at",
                   label=N_("Store in the nonconforming area")),
        Transition("identify", ("stored",), "identified", at="identified_at",
                   by="identified_by_id", label=N_("Identify the supplier")),
        Transition("notify", ("identified",), "notified", at="notified_at",
                   label=N_("Send the return notice to purchasing")),
    )
    id = Column(Integer, primary_key=True)
    number = Column(String(32), nullable=False)
    state = Column(String(16), nullable=False, default="registered", index=True)
    record_id = Column(Integer, ForeignKey("service_record.id"), nullable=False, index=True)
    record = relationship(ServiceRecord)
    registered_at = Column(DateTime, nullable=False, default=utcnow)
    received_at = Column(DateTime)
    received_by_id, received_by = user_reference()
    # some line's count is not what the list says; the note says what and why
    count_differs = Column(Boolean, nullable=False, default=False)
    count_note = Column(Text)
    location = Column(String(120))
    stored_at = Column(DateTime)
    identified_at = Column(DateTime)
    identified_by_id, identified_by = user_reference()
    notified_at = Column(DateTime)
    lines = relationship("WarrantyReturnLine", back_populates="warranty_return",
                         cascade="all, delete-orphan", order_by="WarrantyReturnLine.id")

    # what the next step was told (not stored as such: the step stores it on the lines)
    pending_counts = None
    pending_suppliers = None

    def __repr__(self) -> str:
        return self.number or "new return"

    # --- computed --------------------------------------------------------------------
    def _derive(self) -> None:
        """A new return lists the record's parts tagged for return, with the
        quantities the record gives."""
        record = related(self, "record")
        if record is None or not creating(self):
            return
        self.registered_at = self.registered_at or utcnow()
        if not self.lines:
            self.lines = [WarrantyReturnLine(
                site_id=self.site_id, dealer_id=self.dealer_id, part_id=part.id,
                part_number=part.part_number, name=part.name,
                listed_quantity=part.quantity)
                for part in record.parts if part.tagged_for_return]
        if self.site_id is not None and not self.number:
            self.number = self._next_number()

    def _check_record(self):
        record = related(self, "record")
        if record is None:
            return {"record": _("Choose the service record the parts come from.")}
        if creating(self) and not self.lines:
            return {"record": _("The service record lists no part tagged for return.")}
        return None

    def _next_number(self) -> str:
        """``<SITE>-TH-<YYYYMM>-<nnnn>`` over the whole site."""
        site = db.session.get(Site, self.site_id)
        prefix = f"{site.code.upper()}-TH-{clock.today(self.site_id, self.registered_at):%Y%m}-"
        return sequences.next_number(WarrantyReturn.__table__.c.number, self.site_id,
                                     prefix)

    @property
    def received_total(self) -> int:
        return sum(line.received_quantity or 0 for line in self.lines)

    def suppliers(self) -> list[tuple[str, list]]:
        """The notice's sections: each supplier with its lines, in the lines' order."""
        sections: dict[str, list] = {}
        for line in self.lines:
            if line.received_quantity:
                sections.setdefault(line.supplier or "", []).append(line)
        return list(sections.items())

    def notice_number(self, index: int) -> str:
        return f"{self.number}-{index}"

    # --- transitions -------------------------------------------------------------------
    def take_counts(self, counts) -> None:
        """The counted quantity of each line, by line id: whole numbers, none below
        zero, every line counted."""
        if not isinstance(counts, dict):
            raise InvalidInput({"counts": [_("Give the counted quantity of each line.")]})
        problems, taken = {}, {}
        for line in self.lines:
            value = counts.get(line.id, counts.get(str(line.id)))
            if isinstance(value, str):
                value = value.strip()
                value = int(value) if value.isdigit() else (value or None)
            if value is None:
                problems[f"count_{line.id}"] = [_("Count part %(part)s.",
                                                  part=line.part_number)]
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0 \
                    or value > 100000:
                problems[f"count_{line.id}"] = [_(
                    "The count of part %(part)s must be a whole number of pieces, not "
                    "below zero.", part=line.part_number)]
            else:
                taken[line.id] = value
        if problems:
            raise InvalidInput(problems)
        self.pending_counts = taken

    def take_suppliers(self, suppliers, markings=None) -> None:
        """Each received line's supplier (and the marking it was read from), by line
        id."""
        if not isinstance(suppliers, dict):
            raise InvalidInput({"suppliers": [_("Name the supplier of each part.")]})
        markings = markings if isinstance(markings, dict) else {}
        problems, taken = {}, {}
        for line in self.lines:
            if not line.received_quantity:
                continue
            supplier = suppliers.get(line.id, suppliers.get(str(line.id)))
            marking = markings.get(line.id, markings.get(str(line.id)))
            supplier = supplier.strip() if isinstance(supplier, str) else ""
            marking = marking.strip() if isinstance(marking, str) else ""
            if not supplier:
                problems[f"supplier_{line.id}"] = [_(
                    "Name the supplier of part %(part)s.", part=line.part_number)]
            elif len(supplier) > 120 or len(marking) > 120:
                problems[f"supplier_{line.id}"] = [_("At most 120 characters.")]
            else:
                taken[line.id] = (supplier, marking or None)
        if problems:
            raise InvalidInput(problems)
        self.pending_suppliers = taken

    def _check_receive(self, reason) -> None:
        if self.pending_counts is None:
            raise InvalidInput({"counts": [_("Give the counted quantity of each line.")]})
        differs = [line for line in self.lines
                   if self.pending_counts[line.id] != line.listed_quantity]
        if differs and not reason:
            raise InvalidInput({"reason": [_(
                "The count of %(parts)s differs from the list; say what differs and why.",
                parts=", ".join(line.part_number for line in differs))]})

    def _do_receive(self, reason) -> None:
        for line in self.lines:
            line.received_quantity = self.pending_counts[line.id]
        self.pending_counts = None
        self.count_differs = any(line.differs for line in self.lines)

    def _do_store(self, reason) -> None:
        self.location = settings.get(self.site_id, "service_policy.nonconforming_area")

    def _check_identify(self, reason) -> None:
        if self.received_total == 0:
            raise TransitionRefused(_("Return %(number)s received no part to identify.",
                                      number=self.number))
        if self.pending_suppliers is None:
            raise InvalidInput({"suppliers": [_("Name the supplier of each part.")]})

    def _do_identify(self, reason) -> None:
        for line in self.lines:
            if line.id in self.pending_suppliers:
                line.supplier, line.marking = self.pending_suppliers[line.id]
        self.pending_suppliers = None


class WarrantyReturnLine(DealerScoped, Model):
    """One part of the list: what the record says, what was counted, its supplier."""

    __tablename__ = "warranty_return_line"
    __label__ = _l("Returned part")  # no page of its own: its audit rows use this name
    __table_args__ = list_indexes("warranty_return_line", dealer=True)
    id = Column(Integer, primary_key=True)
    return_id = Column(Integer, ForeignKey("warranty_return.id"), nullable=False,
                       index=True)
    warranty_return = relationship(WarrantyReturn, back_populates="lines")
    part_id = Column(Integer, ForeignKey("service_record_part.id"))
    part_number = Column(String(60), nullable=False)
    name = Column(String(120))
    listed_quantity = Column(Integer, nullable=False)
    received_quantity = Column(Integer)
    supplier = Column(String(120))
    # the marking on the part the supplier was read from [000 §4.5.4]
    marking = Column(String(120))

    def __repr__(self) -> str:
        return f"{self.part_number} ×{self.listed_quantity}"

    @property
    def differs(self) -> bool:
        return self.received_quantity is not None \
            and self.received_quantity != self.listed_quantity

    @property
    def difference(self) -> int | None:
        if self.received_quantity is None:
            return None
        return self.received_quantity - self.listed_quantity
