"""A list's total is a count of ids under the page's own criteria (issue 12).

FAB 5.3 counts ``SELECT count(*) FROM (SELECT <every listed column> …)``, which makes
PostgreSQL read every row of the scope a second time after the page.  The host
counts the ids instead, so the count is answered from the list's index.  Generated
from the registered list APIs, like the isolation walk.
"""
from __future__ import annotations

import re

from core.extensions import db

from .fixtures import api_token
from .test_indexes import caught_statements
from .test_request_cost import listed_apis

COUNTED = re.compile(r"select count\(\*\) as \w+\s+from \(select (.*?) from ", re.S | re.I)


def test_every_list_counts_its_ids_under_the_page_criteria(app, client):
    headers = api_token(client, "dealer-a")
    site_user = api_token(client, "gz-root", "root")
    with app.app_context():
        engine = db.engine
    counted = {}
    for resource in listed_apis(app):
        for actor in (headers, site_user):
            url = f"/api/v1/{resource}/?q=(page_size:100)"
            with caught_statements(engine) as statements:
                response = client.get(url, headers=actor)
            if response.status_code in (403, 404):
                continue
            assert response.status_code == 200, (resource, response.status_code)
            selects = [COUNTED.search(" ".join(s.split())) for s, _ in statements]
            columns = [match.group(1) for match in selects if match]
            assert len(columns) == 1, (resource, [s for s, _ in statements])
            counted[resource] = columns[0]
            # the same criteria: a list on one page is counted row for row
            listed, count = len(response.json["ids"]), response.json["count"]
            assert count == listed if listed < 100 else count >= listed, resource
    assert len(counted) >= 20
    wide = {resource: columns for resource, columns in counted.items() if "," in columns}
    assert wide == {}, "counts over more than the id"
