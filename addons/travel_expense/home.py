"""Home-page panels of the travel expenses (manifest ``home_panels``, see core.home).

Each runs inside the request, under the user's scope.  A system admin (no site)
gets none.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core.context import request_principal
from core.extensions import db
from core.home import Bar, Panel, acting_site_id

from .models import ExpenseClaim
from .vocab import (DRAFT, FINANCE_APPROVED, MANAGER_APPROVED, PENDING, REJECTED, STATES,
                    SUBMITTED)

SHOWN = 10


def _claims(states, order, claimant_id=None):
    # the lines come with the claims (ExpenseClaim.lines is loaded "selectin")
    query = select(ExpenseClaim).options(joinedload(ExpenseClaim.claimant)) \
        .where(ExpenseClaim.state.in_(states))
    if claimant_id is not None:
        query = query.where(ExpenseClaim.claimant_id == claimant_id)
    return db.session.execute(query.order_by(*order).limit(SHOWN)).scalars().all()


def _counts(states, claimant_id=None) -> dict:
    query = select(ExpenseClaim.state, func.count()).where(ExpenseClaim.state.in_(states))
    if claimant_id is not None:
        query = query.where(ExpenseClaim.claimant_id == claimant_id)
    return dict(db.session.execute(query.group_by(ExpenseClaim.state)).all())


def _row(claim, endpoint):
    return [(f"#{claim.id} {claim.destination}", url_for(endpoint, pk=claim.id)),
            str(claim.claimant), f"{claim.trip_start} – {claim.trip_end}", str(claim.total),
            str(claim.flagged_lines)]


def manager_queue() -> Panel | None:
    """Submitted claims waiting for the service manager, oldest trip first; those
    with flagged lines highlighted."""
    return _queue((SUBMITTED,), "ExpenseApprovalView", _("Claims awaiting the manager"),
                  _("No claim waits for the manager."))


def finance_queue() -> Panel | None:
    """Claims approved by the manager (to approve) and by finance (to pay)."""
    return _queue((MANAGER_APPROVED, FINANCE_APPROVED), "ExpenseFinanceView",
                  _("Claims awaiting finance"), _("No claim waits for finance."))


def _queue(states, view, title, empty) -> Panel | None:
    """The site's claims in ``states``, oldest trip first, each opened on ``view``;
    those with flagged lines highlighted."""
    if acting_site_id() is None:
        return None
    claims = _claims(states, (ExpenseClaim.trip_start, ExpenseClaim.id))
    counts = _counts(states)
    listing = url_for(f"{view}.list")
    return Panel(
        title=title,
        bars=[Bar(str(STATES[state]), counts.get(state, 0), listing) for state in states],
        columns=[_("Expense claim"), _("Who travelled"), _("Trip"), _("Total (yuan)"),
                 _("Flagged lines")],
        rows=[_row(claim, f"{view}.show") for claim in claims],
        alert_rows={index for index, claim in enumerate(claims) if claim.flagged_lines},
        link=(_("Open the queue"), listing), empty=empty)


def my_claims() -> Panel | None:
    """The signed-in person's own claims that are not paid yet."""
    user = request_principal()
    if acting_site_id() is None or user is None:
        return None
    states = (DRAFT, REJECTED) + PENDING
    claims = _claims(states, (ExpenseClaim.trip_start.desc(), ExpenseClaim.id.desc()),
                     claimant_id=user.id)
    counts = _counts(states, claimant_id=user.id)
    listing = url_for("ExpenseClaimView.list")
    return Panel(
        title=_("My travel-expense claims"),
        bars=[Bar(str(STATES[state]), counts.get(state, 0), listing,
                  alert=state == REJECTED and bool(counts.get(state)))
              for state in states],
        columns=[_("Expense claim"), _("Trip"), _("Total (yuan)"), _("State")],
        rows=[[(f"#{claim.id} {claim.destination}",
                url_for("ExpenseClaimView.show", pk=claim.id)),
               f"{claim.trip_start} – {claim.trip_end}", str(claim.total), claim.state_text]
              for claim in claims],
        alert_rows={index for index, claim in enumerate(claims) if claim.state == REJECTED},
        link=(_("File a claim"), url_for("ExpenseClaimView.add")),
        empty=_("No open claim."))
