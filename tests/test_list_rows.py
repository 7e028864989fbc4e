"""A list API whose columns are plain columns answers from rows of those columns
(core.list_rows): the same JSON as FAB's way, for every list, reader, order and page,
scoped, with its statements built once.  Knows no API by name for the walk."""
from __future__ import annotations

import prison

from core import list_rows
from core.base import ErpModelRestApi

from .fixtures import api_token

#: (username, password): a system admin (every site), a site admin, and people whose
#: scope narrows: HR (the audit trail's penalty records), a technician (own records),
#: a dealer (own dealer's rows)
READERS = (("admin", "admin"), ("gz-admin", "demo"), ("gz-manager", "demo"),
           ("gz-hr", "demo"), ("gz-tech1", "demo"), ("dealer-a", "demo"))
#: who also reads the second page of 3 in every order (the others: the default page
#: and a choice of columns), to keep the walk short
ORDERING_READERS = ("gz-manager", "gz-tech1", "dealer-a")


def list_apis(app):
    return sorted((view for view in app.appbuilder.baseviews
                   if isinstance(view, ErpModelRestApi)), key=lambda view: view.resource_name)


def answers(client, headers, url, monkeypatch):
    """(the answer as rows, FAB's answer) of ``url``."""
    rows = client.get(url, headers=headers)
    with monkeypatch.context() as patch:
        patch.setattr(list_rows, "page", lambda *args: None)
        fab = client.get(url, headers=headers)
    return rows, fab


def test_every_list_answers_from_rows_what_fab_answers(app, client, monkeypatch):
    """As six kinds of reader: the default page and a choice of columns (and for three
    of them the second page of 3 in each order the list offers, both ways) give FAB's
    JSON, count and ids included."""
    apis = [api for api in list_apis(app) if list_rows.reads_as_rows(api)]
    assert len(apis) >= 25, [api.resource_name for api in apis]
    with_rows = set()
    for username, password in READERS:
        headers = api_token(client, username, password)
        for api in apis:
            base = f"/api/v1/{api.resource_name}/"
            queries = [{}, {"columns": [api.datamodel.get_pk_name()]
                            + list(api.list_columns)[-2:]}]
            if username in ORDERING_READERS:
                queries += [{"order_column": column, "order_direction": direction,
                             "page": 1, "page_size": 3}
                            for column in api.order_columns for direction in ("asc", "desc")]
            for query in queries:
                url = f"{base}?q={prison.dumps(query)}" if query else base
                rows, fab = answers(client, headers, url, monkeypatch)
                if fab.status_code == 404:  # an addon the user's site has not enabled
                    assert rows.status_code == 404, (username, url)
                    continue
                assert (rows.status_code, rows.json) == (fab.status_code, fab.json), \
                    (username, url)
                if rows.status_code == 200 and rows.json["result"]:
                    with_rows.add(api.resource_name)
    # the comparison means something: most lists hold demo rows for someone
    assert len(with_rows) >= 20, sorted(with_rows)
