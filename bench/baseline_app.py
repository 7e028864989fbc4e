"""The baseline bench/wrk.py measures the ERP against: bare Flask + SQLAlchemy Core.

The same three requests as the ERP's service request API, for one dealer fixed in
the environment (``BENCH_SITE_ID``, ``BENCH_DEALER_ID``; no login, no permission,
no addon gate, no ORM), on the same database (``ERP_DATABASE_URL``):

* ``GET /api/v1/service_request/`` — the dealer's first page of 25, newest first,
  the same columns, the count of the dealer's requests, the same JSON keys;
* ``GET /api/v1/service_request/<id>`` — one of the dealer's rows;
* ``POST /api/v1/service_request/`` — one row inserted (next number of the site,
  answer due in 24 hours), the id answered.

    gunicorn -w 2 'bench.baseline_app:create_app()'
"""
from __future__ import annotations

import datetime
import os

from flask import Flask, abort, jsonify, request
from sqlalchemy import (Boolean, Column, DateTime, Integer, MetaData, String, Table, Text,
                        create_engine, func, insert, select)

metadata = MetaData()
service_request = Table(
    "service_request", metadata,
    Column("id", Integer, primary_key=True), Column("site_id", Integer),
    Column("dealer_id", Integer), Column("customer_id", Integer), Column("unit_id", Integer),
    Column("version", Integer), Column("number", String), Column("state", String),
    Column("received_at", DateTime), Column("answer_due_at", DateTime),
    Column("answered_at", DateTime), Column("sla_breached_at", DateTime),
    Column("warranty_status", String), Column("cost_bearer", String),
    Column("routed_to", String), Column("final_inspection", Boolean),
    Column("filed_with_qm", Boolean), Column("capa_owner", String),
    Column("closed_at", DateTime), Column("channel", String), Column("category", String),
    Column("severity", String), Column("consultation", Boolean),
    Column("description", Text), Column("order_number", String),
    Column("part_number", String), Column("ship_date", DateTime), Column("quantity", Integer),
    Column("defective_quantity", Integer), Column("attitude_technician_id", Integer))
LISTED = [column for column in service_request.columns]


def _json(row) -> dict:
    return {key: value.isoformat() if isinstance(value, (datetime.date, datetime.datetime))
            else value for key, value in row._mapping.items()}


def create_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(os.environ["ERP_DATABASE_URL"], pool_size=2)
    site_id = int(os.environ["BENCH_SITE_ID"])
    dealer_id = int(os.environ["BENCH_DEALER_ID"])
    mine = (service_request.c.site_id == site_id) & (service_request.c.dealer_id == dealer_id)

    @app.get("/api/v1/service_request/")
    def listed():
        with engine.connect() as connection:
            count = connection.execute(
                select(func.count(service_request.c.id)).where(mine)).scalar()
            rows = connection.execute(
                select(*LISTED).where(mine).order_by(service_request.c.received_at.desc(),
                                                     service_request.c.id.desc()).limit(25)
            ).all()
        return jsonify(count=count, ids=[row.id for row in rows],
                       result=[_json(row) for row in rows])

    @app.get("/api/v1/service_request/<int:pk>")
    def one(pk):
        with engine.connect() as connection:
            row = connection.execute(
                select(*LISTED).where(mine, service_request.c.id == pk)).first()
        if row is None:
            abort(404)
        return jsonify(id=pk, result=_json(row))

    @app.post("/api/v1/service_request/")
    def create():
        body = request.get_json()
        now = datetime.datetime.utcnow()
        with engine.begin() as connection:
            last = connection.execute(select(func.max(service_request.c.id))).scalar() or 0
            pk = connection.execute(insert(service_request).values(
                site_id=site_id, dealer_id=dealer_id, customer_id=body["customer"],
                number=f"BASE-{last + 1}-{os.getpid()}", state="new",
                channel=body.get("channel", "phone"), category=body.get("category", "quality"),
                severity=body.get("severity", "general"), consultation=False,
                description=body["description"], received_at=now,
                answer_due_at=now + datetime.timedelta(hours=24), final_inspection=False,
                filed_with_qm=False, version=1).returning(service_request.c.id)).scalar()
        return jsonify(id=pk), 201

    return app
