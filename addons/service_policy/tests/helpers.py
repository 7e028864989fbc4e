"""Shared set-up for service policy tests: gz rows found or made as the system."""
from __future__ import annotations

import contextlib
import datetime

from sqlalchemy import select

from core import sites
from core.extensions import db
from core.models import Dealer, ErpUser

from tests.fixtures import api_token, as_system


def ids(app) -> dict:
    from addons.service_policy.models import Customer, ProductUnit

    with as_system(app):
        gz = sites.get_site("gz")
        # the demo's dealers: other tests may add dealers of their own to gz
        dealers = {d.code: d.id for d in db.session.query(Dealer).filter(
            Dealer.site_id == gz.id, Dealer.code.in_(("dealer-a", "dealer-b")))}
        users = {u.username: u.id for u in db.session.query(ErpUser).all()}
        customers = {}
        for code, dealer_id in dealers.items():
            customer = db.session.execute(select(Customer).where(
                Customer.dealer_id == dealer_id).order_by(Customer.id)).scalars().first()
            unit = db.session.execute(select(ProductUnit).where(
                ProductUnit.customer_id == customer.id)).scalars().first()
            customers[code] = {"customer": customer.id, "unit": unit.id}
        return {"gz": gz.id, "dealers": dealers, "users": users, "customers": customers}


def new_request(client, headers, customer, unit=None, **fields):
    body = {"customer": customer, "description": "Tractor does not start.",
            "category": "quality", "severity": "general", "channel": "phone"}
    if unit is not None:
        body["unit"] = unit
    body.update(fields)
    response = client.post("/api/v1/service_request/", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def acknowledged_request(app, client, headers):
    known = ids(app)
    request_id = new_request(client, headers, known["customers"]["dealer-a"]["customer"])
    assert act(client, headers, "service_request", request_id, "acknowledge").status_code \
        == 200
    return request_id


def show(client, headers, resource, row_id) -> dict:
    response = client.get(f"/api/v1/{resource}/{row_id}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["result"]


def act(client, headers, resource, row_id, action, **body):
    return client.post(f"/api/v1/{resource}/{row_id}/{action}", json=body, headers=headers)


@contextlib.contextmanager
def listening(app, event):
    """Record deliveries of ``event`` through the host's real event registry."""
    heard = []
    listeners = app.extensions["erp_event_listeners"]
    listeners.setdefault(event, []).append(("service_policy", lambda **kw: heard.append(kw)))
    try:
        yield heard
    finally:
        listeners[event].pop()


def manager(client):
    return api_token(client, "gz-manager")


def yesterday_utc(hours=0) -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - \
        datetime.timedelta(hours=hours)
