"""A small fixture month on a fresh site (``care-fx``, Asia/Shanghai), built once per
test session, whose monthly figures the tests compute by hand."""
from __future__ import annotations

import datetime
from decimal import Decimal

from core import sites
from core.extensions import db
from core.models import Dealer, ErpUser

from tests.fixtures import as_system

SITE = "care-fx"
UTC = datetime.datetime


def _user(app, username, role_name, site_id, dealer_id=None):
    security = app.appbuilder.sm
    user = security.find_user(username=username)
    if user is None:
        user = security.add_user(username, username, "fx", f"{username}@example.com",
                                 security.find_role(role_name), password="demo")
    row = db.session.get(ErpUser, user.id)
    row.site_id, row.dealer_id = site_id, dealer_id
    return row


def care_site(app) -> dict:
    """The fresh site with its dealers, users, customers and the fixture month
    (October 2026); made once, found afterwards."""
    from addons.service_policy.models import (Customer, KeyCustomerVisit, SatisfactionSurvey,
                                              ServiceDispatch, ServiceRecord, ServiceRequest,
                                              TechnicianCertification)

    from core.models import Site

    with as_system(app):
        site = db.session.query(Site).filter_by(code=SITE).one_or_none()
        if site is None:
            site = sites.create_site(SITE, "Care fixture", "Asia/Shanghai")
            sites.enable(site, "service_policy")
            sites.enable(site, "fx_child")
            d1 = Dealer(site_id=site.id, code="fx-d1", name="FX dealer one")
            d2 = Dealer(site_id=site.id, code="fx-d2", name="FX dealer two")
            db.session.add_all([d1, d2])
            db.session.flush()
            _user(app, "fx-manager", "Service Manager", site.id)
            _user(app, "fx-dealer1", "Dealer", site.id, d1.id)
            _user(app, "fx-tech", "Technician", site.id)
            _user(app, "fx-qa", "Quality", site.id)
        site_id = site.id
        db.session.commit()
    with as_system(app, site_id):
        site = db.session.get(Site, site_id)
        if db.session.query(ServiceRequest).filter_by(site_id=site.id).count():
            return _known(site.id)
        d1, d2 = (db.session.query(Dealer).filter_by(site_id=site.id, code=code).one()
                  for code in ("fx-d1", "fx-d2"))
        tech = db.session.query(ErpUser).filter_by(username="fx-tech").one()
        db.session.add(TechnicianCertification(
            site_id=site.id, technician_id=tech.id, course="fx",
            passed_on=datetime.date(2026, 1, 1), valid_until=datetime.date(2027, 12, 31)))
        c1 = Customer(site_id=site.id, dealer_id=d1.id, name="FX customer one")
        c2 = Customer(site_id=site.id, dealer_id=d2.id, name="FX customer two")
        db.session.add_all([c1, c2])
        db.session.flush()

        def request(customer, category, severity, received, answered, consultation=False):
            row = ServiceRequest(site_id=site.id, customer=customer, category=category,
                                 severity=severity, consultation=consultation,
                                 description="fx", received_at=received)
            db.session.add(row)
            db.session.flush()
            row.answered_at = answered
            return row

        # October 2026 in Shanghai (UTC+8) runs from 2026-09-30 16:00 to 2026-10-31 16:00 UTC
        r1 = request(c1, "quality", "major", UTC(2026, 10, 5, 2), UTC(2026, 10, 5, 10))
        r2 = request(c2, "quality", "general", UTC(2026, 10, 10), UTC(2026, 10, 11, 6))
        request(c1, "non_quality", "general", UTC(2026, 10, 20), None)
        # 2026-11-01 00:10 in Shanghai: November
        request(c2, "other", "general", UTC(2026, 10, 31, 16, 10), None, consultation=True)
        # 2026-10-01 01:00 in Shanghai: October
        r5 = request(c1, "quality", "important", UTC(2026, 9, 30, 17), UTC(2026, 9, 30, 18))
        r3 = db.session.query(ServiceRequest).filter_by(site_id=site.id,
                                                        category="non_quality").one()

        def dispatch(request, arrived, departed=None, **costs):
            row = ServiceDispatch(site_id=site.id, request=request, technician_id=tech.id,
                                  agreed_on_site_at=arrived or UTC(2026, 10, 15), **costs)
            db.session.add(row)
            db.session.flush()
            row.arrived_at, row.departed_at = arrived, departed
            row.state = "left" if departed else ("on_site" if arrived else "planned")
            row.count_person_days()
            return row

        m = Decimal
        # 10-06 09:00 to 10-07 17:00 in Shanghai: 2 days
        dispatch(r1, UTC(2026, 10, 6, 1), UTC(2026, 10, 7, 9), labour_cost=m("300.00"),
                 material_cost=m("125.50"), transport_cost=m("80.00"))
        # typed 1.5 days; installation guidance the contract pays for
        dispatch(r2, UTC(2026, 10, 12, 2), None, person_days=m("1.5"),
                 labour_cost=m("450.00"), material_cost=m("0.00"),
                 transport_cost=m("120.00"), contract_installation=True)
        # 2026-11-01 00:30 in Shanghai: November
        dispatch(r3, UTC(2026, 10, 31, 16, 30), None, labour_cost=m("999.00"),
                 material_cost=m("999.00"), transport_cost=m("999.00"))
        # 2026-10-01 00:30 to 04:00 in Shanghai: October, 1 day
        dispatch(r5, UTC(2026, 9, 30, 16, 30), UTC(2026, 9, 30, 20),
                 labour_cost=m("200.00"), material_cost=m("60.25"))
        # planned, never arrived: nobody went
        dispatch(r2, None, None, labour_cost=m("77.00"))
        for row in (r1, r2, r5):
            row.state = "closed"
        db.session.add(ServiceRecord(
            site_id=site.id, request=r1, technician_id=tech.id,
            visited_on=datetime.date(2026, 10, 6), returned_on=datetime.date(2026, 10, 7),
            work_done="fx", customer_signed_by="FX customer one"))
        db.session.flush()
        for row, day, scores in ((r1, datetime.date(2026, 10, 8), (5, 4, 5, 5)),
                                 (r2, datetime.date(2026, 10, 31), (3, 2, 4, 3)),
                                 (r5, datetime.date(2026, 11, 1), (1, 1, 1, 1))):
            db.session.add(SatisfactionSurvey(
                site_id=site.id, request=row, surveyed_on=day, score_response=scores[0],
                score_attitude=scores[1], score_quality=scores[2], score_overall=scores[3]))
        # key customers: visited 2025-11-22, never visited, not key, visited 2026-06-01
        k1 = Customer(site_id=site.id, dealer_id=d1.id, name="FX key visited", key_customer=True)
        k2 = Customer(site_id=site.id, dealer_id=d1.id, name="FX key never", key_customer=True)
        k3 = Customer(site_id=site.id, dealer_id=d2.id, name="FX plain", key_customer=False)
        k4 = Customer(site_id=site.id, dealer_id=d2.id, name="FX key recent", key_customer=True)
        db.session.add_all([k1, k2, k3, k4])
        db.session.flush()
        db.session.add(KeyCustomerVisit(site_id=site.id, customer=k1,
                                        visited_on=datetime.date(2025, 11, 22)))
        db.session.add(KeyCustomerVisit(site_id=site.id, customer=k4,
                                        visited_on=datetime.date(2026, 6, 1)))
        db.session.commit()
        return _known(site.id)


def _known(site_id) -> dict:
    from addons.service_policy.models import Customer

    customers = {c.name: c.id for c in db.session.query(Customer).filter_by(site_id=site_id)}
    dealers = {d.code: d.id for d in db.session.query(Dealer).filter_by(site_id=site_id)}
    return {"site": site_id, "customers": customers, "dealers": dealers}
