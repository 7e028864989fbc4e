"""Answers written by orjson are the documents Flask's own provider writes
(core/json_provider.py)."""
from __future__ import annotations

import datetime
import decimal
import json
import uuid

from flask.json.provider import DefaultJSONProvider

from core.counts import EstimatedCount

from .fixtures import api_token


def test_orjson_writes_what_flask_writes(app):
    document = {
        "b": [1, 2.5, None, True, "编号 <&>"], "a": {"z": 1, "y": {"x": []}},
        "when": datetime.datetime(2026, 12, 1, 8, 30, tzinfo=datetime.timezone.utc),
        "day": datetime.date(2026, 12, 1), "amount": decimal.Decimal("12.30"),
        "id": uuid.UUID(int=7), "count": EstimatedCount(10001)}
    with app.app_context():
        ours = app.json.dumps(document, separators=(",", ":"))
        flasks = DefaultJSONProvider(app).dumps(document, separators=(",", ":"))
        assert json.loads(ours) == json.loads(flasks)
        assert list(json.loads(ours)) == list(json.loads(flasks))  # keys sorted alike
        assert "编号" in ours and "编号" not in flasks  # UTF-8, not \u escapes
        # compact with no indent said (as core.export writes a spooled answer's rows)
        assert app.json.dumps(document, separators=(",", ":"), indent=None) == ours
        # what orjson refuses, Flask's provider writes: beyond 64 bits, keys not text
        for refused in ({"n": 2 ** 70}, {10: "a", 2: "b"}):
            assert app.json.dumps(refused, separators=(",", ":")) == \
                DefaultJSONProvider(app).dumps(refused, separators=(",", ":"))
        # any other layout is Flask's own
        assert app.json.dumps({"b": 1, "a": [1]}) == '{"a": [1], "b": 1}'


def test_an_api_answer_is_written_by_orjson(client):
    headers = api_token(client, "gz-manager")
    answer = client.get("/api/v1/service_request/?q=(page_size:5)&_l_=zh_CN",
                        headers=headers)
    assert answer.status_code == 200
    assert "编号".encode() in answer.data  # Flask's encoder escapes it
    assert answer.data.endswith(b"}\n")
