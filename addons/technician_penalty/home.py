"""Home-page panels of the penalties (manifest ``home_panels``, see core.home).

Each runs inside the request, under the user's scope: a technician's queries see
only their own records.  A system admin (no site) gets none.
"""
from __future__ import annotations

import decimal

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core import clock
from core.localtime import local_datetime
from core.extensions import db
from core.home import Bar, Panel, acting_owner_id, acting_site_id
from core.models import utcnow

from .ledger import month_ledger
from .models import PenaltyRecord
from .models.penalty_record import APPEALED, FINAL, PROPOSED, STATES, VERIFIED

SHOWN = 10


def review_queue() -> Panel | None:
    """HR's queue: records verified by the service manager and appeals, oldest first."""
    if acting_site_id() is None:
        return None
    counts = dict(db.session.execute(
        select(PenaltyRecord.state, func.count()).where(
            PenaltyRecord.state.in_((VERIFIED, APPEALED))).group_by(PenaltyRecord.state)).all())
    records = db.session.execute(
        select(PenaltyRecord).options(joinedload(PenaltyRecord.rule),
                                      joinedload(PenaltyRecord.technician))
        .where(PenaltyRecord.state.in_((VERIFIED, APPEALED)))
        .order_by(PenaltyRecord.occurred_at).limit(SHOWN)).scalars().all()
    listing = url_for("PenaltyReviewView.list")
    return Panel(
        title=_("HR review queue"),
        bars=[Bar(str(STATES[VERIFIED]), counts.get(VERIFIED, 0), listing),
              Bar(str(STATES[APPEALED]), counts.get(APPEALED, 0), listing,
                  alert=bool(counts.get(APPEALED)))],
        columns=[_("Technician"), _("Rule"), _("Occurred at"), _("State")],
        rows=[[(str(r.technician), url_for("PenaltyReviewView.show", pk=r.id)),
               str(r.rule), local_datetime(r.occurred_at), r.state_text] for r in records],
        alert_rows={index for index, r in enumerate(records) if r.state == APPEALED},
        link=(_("Open the queue"), listing), empty=_("Nothing waits for HR's review."))


def ledger_of_the_month() -> Panel | None:
    """This month's ledger: the net deduction of each technician."""
    site_id = acting_site_id()
    if site_id is None:
        return None
    today = clock.local(utcnow(), clock.site_zone(site_id))
    rows = month_ledger(site_id, today.year, today.month)
    listing = url_for("PenaltyLedgerView.index", month=f"{today:%Y-%m}")
    return Panel(
        title=_("Penalty ledger of %(month)s", month=f"{today:%Y-%m}"),
        bars=[Bar(row["name"], float(decimal.Decimal(row["net_deduction_yuan"])), listing,
                  alert=decimal.Decimal(row["net_deduction_yuan"]) > 0) for row in rows],
        columns=[_("Technician"), _("Fines (yuan)"), _("Rewards (yuan)"),
                 _("Net deduction (yuan)"), _("Demerits")],
        rows=[[row["name"], row["fines_yuan"], row["rewards_yuan"], row["net_deduction_yuan"],
               row["demerits"] + row["major_demerits"]] for row in rows],
        link=(_("Penalty ledger"), listing),
        empty=_("No final record this month."))


def my_penalties() -> Panel | None:
    """The technician's open records and the final ones they may still appeal."""
    if acting_site_id() is None or acting_owner_id() is None:
        return None
    now = utcnow()
    records = db.session.execute(
        select(PenaltyRecord).options(joinedload(PenaltyRecord.rule))
        .where(PenaltyRecord.state.in_((PROPOSED, VERIFIED, APPEALED, FINAL)))
        .order_by(PenaltyRecord.occurred_at.desc())).scalars().all()
    shown = []
    for record in records:
        last_day = record.appeal_last_day if record.state == FINAL else None
        if record.state == FINAL and (record.appealed_at is not None or last_day is None
                                      or last_day < clock.local_date(now, record.timezone)):
            continue  # decided and no longer open to an appeal
        shown.append((record, last_day))
    shown = shown[:SHOWN]
    return Panel(
        title=_("My penalties and appeals"),
        columns=[_("Rule"), _("Occurred at"), _("State"), _("Last day to appeal")],
        rows=[[(str(r.rule), url_for("PenaltyRecordView.show", pk=r.id)),
               local_datetime(r.occurred_at), r.state_text, str(last_day or "—")]
              for r, last_day in shown],
        alert_rows={index for index, (r, last_day) in enumerate(shown) if last_day},
        link=(_("All my records"), url_for("PenaltyRecordView.list")),
        empty=_("No open penalty record."))
