"""Helpers shared by this addon's tests: claims and lines made through the API."""
from __future__ import annotations

import io
import itertools
import uuid

from sqlalchemy import select

from core.extensions import db

from tests.fixtures import api_token, as_system

_numbers = itertools.count(1)


def pdf(tag: str | None = None) -> bytes:
    """A small PDF of its own (two calls never give the same file)."""
    tag = tag or uuid.uuid4().hex
    return (b"%PDF-1.4\n% test receipt " + tag.encode() +
            b"\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def invoice() -> str:
    return f"T{uuid.uuid4().hex[:10].upper()}"


def new_claim(client, headers, destination="佛山", start="2025-03-03", end="2025-03-05",
              **extra) -> int:
    body = {"destination": destination, "trip_start": start, "trip_end": end,
            "purpose": extra.pop("purpose", "售后维修")}
    body.update(extra)
    response = client.post("/api/v1/expense_claim/", headers=headers, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def add_line(client, headers, claim_id, kind="accommodation", spent_on="2025-03-03",
             city="佛山", amount="200.00", receipt=True, **extra) -> int:
    body = {"claim_id": claim_id, "kind": kind, "spent_on": spent_on, "city": city,
            "amount": amount, "invoice_number": extra.pop("invoice_number", invoice())}
    body.update(extra)
    response = client.post("/api/v1/expense_line/", headers=headers, json=body)
    assert response.status_code == 201, response.json
    line_id = response.json["id"]
    if receipt:
        stored = upload(client, headers, line_id, receipt if isinstance(receipt, bytes)
                        else pdf())
        assert stored.status_code == 200, stored.json
    return line_id


def upload(client, headers, line_id, content: bytes, name="发票.pdf"):
    return client.post(f"/api/v1/expense_line/{line_id}/receipt", headers=headers,
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def line(client, headers, line_id) -> dict:
    response = client.get(f"/api/v1/expense_line/{line_id}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["result"]


def codes(client, headers, line_id) -> list[str]:
    return [flag["code"] for flag in line(client, headers, line_id)["flags"] or []]


def act(client, headers, claim_id, action, **body):
    return client.post(f"/api/v1/expense_claim/{claim_id}/{action}", headers=headers,
                       json=body)


def claim(client, headers, claim_id) -> dict:
    response = client.get(f"/api/v1/expense_claim/{claim_id}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["result"]


def submitted(client, tech="gz-tech1", **claim_args) -> tuple[int, dict]:
    """A claim with one clean accommodation line, submitted: (claim id, headers)."""
    headers = api_token(client, tech)
    claim_id = new_claim(client, headers, **claim_args)
    add_line(client, headers, claim_id)
    response = act(client, headers, claim_id, "submit")
    assert response.status_code == 200, response.json
    return claim_id, headers


def penalty_records(app, claim_id) -> list:
    """The P-FRAUD records proposed for ``claim_id`` (technician_penalty's table, read
    with plain SQL: the tests of this addon import no other addon either)."""
    from sqlalchemy import column, table

    record = table("penalty_record", column("id"), column("source_ref"),
                   column("technician_id"), column("state"), column("source_id"))
    with as_system(app):
        return db.session.execute(select(record.c.id, record.c.technician_id,
                                         record.c.state, record.c.source_id).where(
            record.c.source_ref == f"travel_expense:fraud:{claim_id}")).all()


import contextlib  # noqa: E402


@contextlib.contextmanager
def gz_setting(app, key: str, value):
    """gz's ``travel_expense.<key>`` set to ``value`` inside the block, then as it was."""
    from core import settings, sites

    with as_system(app):
        site_id = sites.get_site("gz").id
    full = f"travel_expense.{key}"
    with as_system(app, site_id):
        before = settings.get(site_id, full)
        settings.set(site_id, full, value)
        db.session.commit()
    try:
        yield
    finally:
        with as_system(app, site_id):
            settings.set(site_id, full, before)
            db.session.commit()
