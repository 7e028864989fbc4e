"""A populated month of service work for each demo site (idempotent)."""
from __future__ import annotations

import datetime
from typing import NamedTuple

from sqlalchemy import select

from core import clock
from core.demo_language import demo_text
from core.extensions import db
from core.models import Dealer, ErpUser, utcnow

from .models import (Customer, ProductUnit, ServiceDispatch, ServiceRecord,
                     ServiceRecordPart, ServiceRequest, TechnicianCertification,
                     WarrantyPolicy)
from . import demo_care
from .demo_quality import load_quality

# texts as (English, Chinese): the demo speaks the deployment's language
# (core.demo_language); product lines stay codes
POLICIES = [
    ("Tractor", ("Tractor 三包 policy", "拖拉机三包政策"), 12),
    ("Harvester", ("Combine harvester 三包 policy", "联合收割机三包政策"), 12),
    ("Implement", ("Implements (ploughs, seeders)", "农机具（犁、播种机）三包政策"), 6),
]
CUSTOMERS = [  # name, phone, region, key customer, product line, model, months ago bought
    (("Wang Jianguo farm co-op", "王建国农机合作社"), "13800000001", ("Panyu", "番禺"), True,
     "Tractor", "TX-804", 3),
    (("Li Ming", "李明"), "13800000002", ("Panyu", "番禺"), False, "Harvester", "HV-4LZ", 14),
    (("Chen family farm", "陈家农场"), "13800000003", ("Huadu", "花都"), False, "Implement",
     "PL-3S", 2),
]


class DemoRequest(NamedTuple):
    """A request of the demo and the state it is moved to: a general quality
    complaint by phone unless it says otherwise."""
    state: str
    description: tuple[str, str]
    channel: str = "phone"
    severity: str = "general"
    category: str = "quality"
    consultation: bool = False


REQUESTS = [
    DemoRequest("new", ("Engine stalls under load; oil in coolant.", "发动机带负荷熄火，冷却液中有机油。"),
                severity="major"),
    DemoRequest("acknowledged", ("Hydraulic lift drops slowly.", "液压提升器缓慢下降。"),
                channel="online", severity="important"),
    DemoRequest("dispatched", ("Cab door latch broken.", "驾驶室门锁扣损坏。"), channel="visit"),
    DemoRequest("on_site", ("Clutch burnt after misuse.", "操作不当导致离合器烧损。"),
                category="non_quality"),
    DemoRequest("resolved", ("PTO shaft vibration.", "动力输出轴振动。"), channel="email",
                severity="important"),
    DemoRequest("closed", ("Headlight harness chafed.", "大灯线束磨损。"), channel="letter"),
    DemoRequest("closed", ("How often should the air filter be changed?", "空气滤清器多久更换一次？"),
                category="other", consultation=True),
    DemoRequest("acknowledged", ("Which oil grade in winter?", "冬季应使用哪种标号的机油？"),
                channel="online", category="other", consultation=True),
]


def _technicians(site_id: int) -> list[ErpUser]:
    return [u for u in db.session.execute(select(ErpUser).where(ErpUser.site_id == site_id)
                                          .order_by(ErpUser.username)).scalars()
            if any(role.name == "Technician" for role in u.roles)]


def load(site_id: int) -> None:
    """The demo of one site: the service work, then the quality records and customer
    care built on it; each part loads once per site."""
    _load_service_work(site_id)
    load_quality(site_id)
    demo_care.load(site_id)


def _load_service_work(site_id: int) -> None:
    if db.session.execute(select(WarrantyPolicy.id).where(
            WarrantyPolicy.site_id == site_id).limit(1)).first():
        return  # loaded before
    for line, name, months in POLICIES:
        db.session.add(WarrantyPolicy(
            site_id=site_id, product_line=line, name=demo_text(*name), months=months,
            documents=demo_text("packing list, certificate, warranty card, manual, parts "
                                "catalogue", "装箱单、合格证、三包凭证、使用说明书、零件目录")))
    technicians = _technicians(site_id)
    today = clock.today(site_id)
    for tech in technicians:
        expired = tech.username.endswith("2")  # one expired certificate to show refusals
        db.session.add(TechnicianCertification(
            site_id=site_id, technician_id=tech.id,
            course=demo_text("Tractor service level 1", "拖拉机维修一级"),
            passed_on=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=10) if expired
            else today + datetime.timedelta(days=320)))
    dealers = db.session.execute(select(Dealer).where(Dealer.site_id == site_id)
                                 .order_by(Dealer.code)).scalars().all() or [None]
    certified = [t for t in technicians if not t.username.endswith("2")]
    for dealer in dealers:
        for index, (name, phone, region, key, line, model, months_ago) in enumerate(CUSTOMERS):
            tag = dealer.code if dealer else "direct"
            shown_tag = dealer.code if dealer else demo_text("direct", "直销")
            customer = Customer(site_id=site_id, dealer_id=dealer.id if dealer else None,
                                name=f"{demo_text(*name)} ({shown_tag})", phone=phone,
                                region=demo_text(*region), key_customer=key)
            db.session.add(customer)
            db.session.flush()
            unit = ProductUnit(site_id=site_id, dealer_id=customer.dealer_id,
                               customer_id=customer.id, serial=f"{tag}-{model}-{index:03d}",
                               model=model, product_line=line,
                               purchase_date=today - datetime.timedelta(days=30 * months_ago))
            db.session.add(unit)
        db.session.flush()
        customers = db.session.execute(select(Customer).where(
            Customer.site_id == site_id,
            Customer.dealer_id == (dealer.id if dealer else None))).scalars().all() \
            if dealer else db.session.execute(select(Customer).where(
                Customer.site_id == site_id, Customer.dealer_id.is_(None))).scalars().all()
        for number, spec in enumerate(REQUESTS):
            _request(site_id, customers[number % len(customers)], spec, certified,
                     days_ago=28 - number * 3)
    db.session.flush()


def _dispatch_of(request) -> ServiceDispatch:
    return db.session.execute(select(ServiceDispatch).where(
        ServiceDispatch.request_id == request.id)).scalar_one()


def _request(site_id, customer, spec: DemoRequest, technicians, days_ago):
    consultation = spec.consultation
    unit = db.session.execute(select(ProductUnit).where(
        ProductUnit.customer_id == customer.id)).scalars().first()
    received = utcnow() - datetime.timedelta(days=days_ago)
    request = ServiceRequest(site_id=site_id, dealer_id=customer.dealer_id, customer=customer,
                             unit=None if consultation else unit, category=spec.category,
                             severity=spec.severity, channel=spec.channel,
                             consultation=consultation, description=demo_text(*spec.description),
                             received_at=received)
    if spec.category == "quality" and not consultation:
        request.part_number, request.quantity, request.defective_quantity = "P-1001", 1, 1
    db.session.add(request)
    db.session.flush()
    path = ["acknowledge", "dispatch", "arrive", "resolve", "close"]
    if consultation:
        path = ["acknowledge", "resolve", "close"]
    target = {"new": 0, "acknowledged": 1, "dispatched": 2, "on_site": 3, "resolved": 4,
              "closed": 5}[spec.state]
    if consultation:
        target = {"new": 0, "acknowledged": 1, "resolved": 2, "closed": 3}[spec.state]
    for action in path[:target]:
        if action == "dispatch":
            if not technicians:
                return
            dispatch = ServiceDispatch(site_id=site_id, dealer_id=request.dealer_id,
                                       request=request, technician=technicians[0],
                                       agreed_on_site_at=received + datetime.timedelta(days=1))
            db.session.add(dispatch)
            db.session.flush()
            continue
        if action == "arrive":
            dispatch = _dispatch_of(request)
            dispatch.called_in = True
            # on time, but for the first visit of the demo: 40 minutes late
            late = not db.session.execute(select(ServiceDispatch.id).where(
                ServiceDispatch.site_id == site_id,
                ServiceDispatch.arrived_at.is_not(None))).first()
            dispatch.reported_at = dispatch.agreed_on_site_at + datetime.timedelta(
                minutes=40 if late else -15)
            dispatch.apply_transition("arrive")  # moves the request on site
            db.session.flush()
            continue
        if action == "resolve" and not consultation:
            dispatch = _dispatch_of(request)
            dispatch.reported_at = dispatch.arrived_at + datetime.timedelta(hours=3)
            dispatch.apply_transition("depart")
            db.session.flush()
        if action == "close" and not consultation:
            dispatch = _dispatch_of(request)
            visited = received.date() + datetime.timedelta(days=1)
            record = ServiceRecord(
                site_id=site_id, dealer_id=request.dealer_id, request=request,
                dispatch_id=dispatch.id, technician_id=dispatch.technician_id,
                visited_on=visited, returned_on=visited, handed_in_on=visited,
                work_done=demo_text("Replaced the worn part and tested under load.",
                                    "更换磨损零件，并带负荷试车。"),
                customer_signed_by=customer.name,
                customer_signed_at=dispatch.departed_at - datetime.timedelta(minutes=10),
                customer_opinion=demo_text("Satisfied.", "满意。"))
            db.session.add(record)
            db.session.flush()
            db.session.add(ServiceRecordPart(site_id=site_id, dealer_id=request.dealer_id,
                                             record_id=record.id, part_number="P-1001",
                                             name=demo_text("Wiring harness", "线束"), quantity=1))
            db.session.flush()
        request.apply_transition(action)
        if action == "acknowledge":
            request.answered_at = received + datetime.timedelta(hours=3)  # within the SLA
        db.session.flush()
