"""Demo of customer care and the monthly statistics (idempotent): the costs of the
month's dispatches, surveys on served requests of both dealers, key customers with
and without a visit in the last 12 months, and last month's report."""
from __future__ import annotations

import datetime
from decimal import Decimal

from sqlalchemy import select

from core import clock
from core.demo_language import demo_text
from core.extensions import db
from core.models import ErpUser, utcnow

from .models import (Customer, KeyCustomerVisit, MonthlyReport, SatisfactionSurvey,
                     ServiceDispatch, ServiceRequest)
from .monthly_statistics import as_json, monthly_figures

COMMENTS = [
    (("Quick answer, the technician explained the cause well.", "响应及时，师傅把故障原因讲得很清楚。"),
     (5, 5, 4, 5)),
    (("Came a day later than promised.", "比约定时间晚了一天才到。"), (2, 4, 4, 3)),
    (("Repair holds, friendly service.", "修得很好，服务态度热情。"), (4, 5, 5, 5)),
    (("Parts took long to arrive.", "配件到得比较慢。"), (3, 4, 3, 3)),
]
VISIT_NOTES = (("Uses the tractor daily; asks for a spare filter kit on the next visit.",
                "拖拉机每天使用，希望下次走访带一套备用滤芯。"),
               ("Satisfied with the harvester; wants training for a new driver.",
                "对收割机满意，希望为新机手安排培训。"))


def load(site_id: int) -> None:
    _dispatch_costs(site_id)
    _surveys(site_id)
    _visits(site_id)
    _last_month_report(site_id)
    db.session.flush()


def _dispatch_costs(site_id: int) -> None:
    dispatches = db.session.execute(select(ServiceDispatch).where(
        ServiceDispatch.site_id == site_id, ServiceDispatch.arrived_at.is_not(None))
        .order_by(ServiceDispatch.id)).scalars().all()
    for index, dispatch in enumerate(dispatches):
        if dispatch.labour_cost:
            continue
        dispatch.labour_cost = Decimal(300 + 50 * (index % 3)).quantize(Decimal("0.01"))
        dispatch.material_cost = Decimal(120 * (index % 4)) + Decimal("35.50")
        dispatch.transport_cost = Decimal(80 + 20 * (index % 2)).quantize(Decimal("0.01"))
        # one visit of the demo is installation guidance the contract already pays for
        dispatch.contract_installation = index == 1


def _surveys(site_id: int) -> None:
    served = db.session.execute(select(ServiceRequest).where(
        ServiceRequest.site_id == site_id, ServiceRequest.consultation.is_(False),
        ServiceRequest.state.in_(("resolved", "closed"))).order_by(ServiceRequest.id)
    ).scalars().all()
    done = set(db.session.execute(select(SatisfactionSurvey.request_id).where(
        SatisfactionSurvey.site_id == site_id)).scalars())
    # each dealer's latest served request is not asked yet: a survey still to take
    not_asked_yet = {request.dealer_id: request.id for request in served}
    for index, request in enumerate(served):
        if request.id in done or request.id == not_asked_yet[request.dealer_id]:
            continue
        (comment, scores) = COMMENTS[(index + (request.dealer_id or 0)) % len(COMMENTS)]
        db.session.add(SatisfactionSurvey(
            site_id=site_id, dealer_id=request.dealer_id, request=request,
            surveyed_on=clock.today(site_id, request.closed_at or request.received_at),
            score_response=scores[0], score_attitude=scores[1], score_quality=scores[2],
            score_overall=scores[3], comment=demo_text(*comment)))
        db.session.flush()


def _visits(site_id: int) -> None:
    """Key customers alternately visited two months ago (fine) and fourteen months
    ago (due a visit)."""
    today = clock.today(site_id)
    visitor = db.session.execute(select(ErpUser).where(
        ErpUser.site_id == site_id, ErpUser.dealer_id.is_(None))
        .order_by(ErpUser.username)).scalars().first()
    key_customers = db.session.execute(select(Customer).where(
        Customer.site_id == site_id, Customer.key_customer.is_(True))
        .order_by(Customer.id)).scalars().all()
    for index, customer in enumerate(key_customers):
        if db.session.execute(select(KeyCustomerVisit.id).where(
                KeyCustomerVisit.customer_id == customer.id).limit(1)).first():
            continue
        days_ago = 60 if index % 2 == 0 else 425
        db.session.add(KeyCustomerVisit(
            site_id=site_id, dealer_id=customer.dealer_id, customer=customer,
            visited_on=today - datetime.timedelta(days=days_ago),
            visitor_id=visitor.id if visitor else None,
            opinions=demo_text(*VISIT_NOTES[index % 2])))
        db.session.flush()


def _last_month_report(site_id: int) -> None:
    month = clock.previous_month(clock.this_month(site_id))
    if db.session.execute(select(MonthlyReport.id).where(
            MonthlyReport.site_id == site_id, MonthlyReport.month == month)).first():
        return
    db.session.add(MonthlyReport(site_id=site_id, month=month, state="produced",
                                 produced_at=utcnow(),
                                 figures=as_json(monthly_figures(site_id, month))))
