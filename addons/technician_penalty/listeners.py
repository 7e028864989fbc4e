"""Events of other addons become *proposed* penalty (or reward) records.

Each event carries a ``source_ref`` unique per source fact; a record keeps it,
unique per site, so a replayed event creates nothing new.  The listeners run in
the emitter's transaction; they act as the system of the event's site (whoever
emitted it, a dealer user included), so the records land on that site only.
Unknown people, retired rules and zero amounts create nothing: the event is
logged and the emitter's work goes on.
"""
from __future__ import annotations

import datetime
import decimal
import logging

from sqlalchemy import select

from core.clock import month_bounds, parse_month, site_zone
from core.context import system_context
from core.extensions import db
from core.localtime import as_utc
from core.models import ErpUser, utcnow

from .models import PenaltyRecord
from .models.penalty_record import as_id
from .models.penalty_rule import rule_by_code

log = logging.getLogger(__name__)


def on_attitude_complaint(site_id, technician_id, request_id, occurred_at=None,
                          description=None, source_ref=None, **extra):
    _propose(site_id, "P-ATTITUDE", technician_id, source_ref, "complaint", request_id,
             occurred_at, evidence=description, detail={"request_id": request_id})


def on_late_arrival(site_id, technician_id, dispatch_id, occurred_at=None,
                    minutes_late=None, source_ref=None, **extra):
    _propose(site_id, "P-LATE", technician_id, source_ref, "late_arrival", dispatch_id,
             occurred_at, detail={"dispatch_id": dispatch_id, "minutes_late": minutes_late})


def on_left_without_calling(site_id, technician_id, dispatch_id, occurred_at=None,
                            source_ref=None, **extra):
    _propose(site_id, "P-NOCALL", technician_id, source_ref, "left_without_calling",
             dispatch_id, occurred_at, detail={"dispatch_id": dispatch_id})


def on_fraud_found(site_id, technician_id, claim_id, occurred_at=None, description=None,
                   source_ref=None, **extra):
    _propose(site_id, "P-FRAUD", technician_id, source_ref, "expense_audit", claim_id,
             occurred_at, evidence=description, detail={"claim_id": claim_id})


def on_sixs_month_closed(site_id, month, person_id, source_ref=None, deduction_yuan="0.00",
                         reward_yuan="0.00", penalty_yuan="0.00", points=0, violations=0,
                         cleanup_failures=0, best_count=0, worst_count=0, **extra):
    """Up to three records per person and month: the deduction (P-6S-MONTH), the
    worst-performer penalty (P-6S-WORST) and the best-performer reward (R-6S-BEST),
    each with the amount the 6S addon computed.  They count for that month."""
    detail = {"month": month, "points": points, "violations": violations,
              "cleanup_failures": cleanup_failures, "best_count": best_count,
              "worst_count": worst_count}
    with system_context(site_id):
        try:
            year, number = parse_month(month)
        except Exception:  # noqa: BLE001 - a malformed event must not break the emitter
            log.warning("inspection_6s.month_closed with a bad month %r ignored", month)
            return
        occurred_at = month_bounds(year, number, site_zone(site_id))[0]
    for code, part, value in (("P-6S-MONTH", "deduction", deduction_yuan),
                              ("P-6S-WORST", "penalty", penalty_yuan),
                              ("R-6S-BEST", "reward", reward_yuan)):
        amount = _money(value)
        if amount is None or amount <= 0:
            continue
        _propose(site_id, code, person_id, f"{source_ref}#{part}" if source_ref else None,
                 "sixs_month", None, occurred_at, amount=amount, detail=detail)


def _money(value) -> decimal.Decimal | None:
    try:
        amount = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _when(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return as_utc(value)
    try:
        return as_utc(datetime.datetime.fromisoformat(str(value)))
    except (TypeError, ValueError):
        return utcnow()


def _propose(site_id, code, technician_id, source_ref, source_kind, source_id, occurred_at,
             evidence=None, amount=None, detail=None) -> PenaltyRecord | None:
    if not source_ref:
        log.warning("%s event without source_ref ignored (site %s)", source_kind, site_id)
        return None
    technician_id = as_id(technician_id)
    with system_context(site_id):
        existing = db.session.execute(
            select(PenaltyRecord.id).where(PenaltyRecord.site_id == site_id,
                                           PenaltyRecord.source_ref == source_ref)).first()
        if existing is not None:
            return None
        technician = db.session.execute(
            select(ErpUser).where(ErpUser.id == technician_id, ErpUser.site_id == site_id)
        ).scalar_one_or_none() if technician_id else None
        rule = rule_by_code(site_id, code)
        if technician is None or technician.dealer_id is not None:
            log.warning("%s: person %s is not staff of site %s; no record", source_ref,
                        technician_id, site_id)
            return None
        if rule is None or not rule.active:
            log.info("%s: rule %s is retired on site %s; no record", source_ref, code,
                     site_id)
            return None
        record = PenaltyRecord(
            site_id=site_id, technician=technician, rule=rule, occurred_at=_when(occurred_at),
            evidence=evidence, source_kind=source_kind, source_ref=source_ref[:200],
            source_id=as_id(source_id),
            source_detail=detail)
        # the emitting addon computed the amount (6S months); else the rule's
        record.sanction, record.quantity = rule.sanction, rule.quantity or 1
        record.amount = amount if amount is not None else rule.amount
        db.session.add(record)
        db.session.flush()
        return record
