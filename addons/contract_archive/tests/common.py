"""Helpers of the contract tests: contracts and documents made through the API."""
from __future__ import annotations

import io
import itertools

from sqlalchemy import select

from core import sites
from core.extensions import db
from core.models import Dealer

from tests.fixtures import as_system

from ..demo import pdf_bytes

_numbers = itertools.count(1)


def dealer_id(app, code: str) -> int:
    with as_system(app):
        return db.session.execute(select(Dealer.id).where(Dealer.code == code)).scalar_one()


def site_id(app, code: str) -> int:
    with as_system(app):
        return sites.get_site(code).id


def contract_body(**extra) -> dict:
    body = {"number": f"T-{next(_numbers):04d}", "title": "Test contract",
            "amount": "10000.00", "currency": "CNY", "start_date": "2026-01-01",
            "end_date": "2026-12-31", "work_content": "Repairs", "payment_terms": "Monthly",
            "counterparty": "Test Co."}
    body.update(extra)
    return body


def make_contract(client, headers, **extra) -> int:
    response = client.post("/api/v1/contract/", headers=headers, json=contract_body(**extra))
    assert response.status_code == 201, response.json
    return response.json["id"]


def act(client, headers, name, row_id, action, **body):
    return client.post(f"/api/v1/{name}/{row_id}/{action}", headers=headers, json=body)


def walk(client, headers, contract_id, *actions):
    for action in actions:
        response = act(client, headers, "contract", contract_id, action)
        assert response.status_code == 200, (action, response.json)


def upload(client, headers, content=None, name="合同正文.pdf", **form):
    data = {key: str(value) for key, value in form.items()}
    data["file"] = (io.BytesIO(content if content is not None else pdf_bytes(name)), name)
    return client.post("/api/v1/contract_document/upload", headers=headers, data=data,
                       content_type="multipart/form-data")
