"""Every scoped list is served by an index: PostgreSQL's plan of each list API's
default page, as a dealer and as site users, neither sorts the scoped rows nor
scans the table.

Like the isolation walk, it knows no model by name.  For every registered list API
it asks the real page (``GET /api/v1/<resource>/``, default order, page size 25)
as each actor, catches the page statement the API sent (with its parameters, so
the scope criteria are the ones the actor really gets) and EXPLAINs it.

The test database holds a handful of demo rows, on which any plan is as good as any
other: PostgreSQL rightly reads a table of three pages whole.  To make the planner's
choice the one it makes at a manufacturer's scale, the rows of every listed table
are first multiplied inside one transaction: ``ROWS`` generated rows per table,
spread over the test's two sites and ``DEALERS`` dealers (the actors' among them),
as in the issue's measurement (2 sites, 20 dealers), each foreign key pointing at
rows that exist, times and numbers growing in the order the rows arrive; then
``ANALYZE``.  A site then holds half a table and a dealer 1/40 (125 rows): reading
the table, or fetching every row of the scope and sorting them, costs the planner
more than walking an index in the list's order, *if* one exists.
The transaction is rolled back, so no other test sees the rows.

A plan fails when

* it reads the list's table with a sequential scan;
* or a ``Sort`` of more than a page of rows sits above the scan of the table (all
  the scoped rows sorted to keep 25; a list with a to-many column reads its page's
  ids in a subquery with the LIMIT, then sorts those 25 rows again, which is fine).
  An ``Incremental Sort`` is accepted: it only orders rows that tie on an index's
  leading order column (the ``id`` tie-breaker FAB adds after a unique ``code``).

A walk of another index in the list's order (the primary key, say) that filters
the scope as it goes is accepted: it reads about 25 / (the scope's share) rows
whatever the table's size, and PostgreSQL takes it only where that is cheap.
"""
from __future__ import annotations

import contextlib
import os

import pytest
from flask_appbuilder import Model
from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, Integer, Numeric, String,
                        Text, UniqueConstraint, event)

from core.extensions import db
from core.mixins import SiteScoped
from core.models import Dealer, ErpUser, Site

from .fixtures import api_token
from .test_request_cost import listed_apis

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("ERP_TEST_DATABASE_URL"),
                       reason="needs ERP_TEST_DATABASE_URL (PostgreSQL)"),
]

ROWS = 5_000
DEALERS = 20
USERS = 2_000
PAGE_SIZE = 25
PAGE = "/api/v1/{}/?q=(page_size:%d)" % PAGE_SIZE
# the dealer, a site admin, and an all-permissions user of one site
ACTORS = (("dealer-a", "demo"), ("gz-admin", "demo"), ("gz-root", "root"))


def scoped_model(api):
    model = api.datamodel.obj
    return model if issubclass(model, (SiteScoped, Site, ErpUser)) else None


@contextlib.contextmanager
def caught_statements(engine):
    statements = []

    def catch(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", catch)


def page_statement(statements, table: str):
    """The statement that reads the page's rows: it selects from the table and has
    a LIMIT (the count's LIMIT is inside its subquery: core.counts)."""
    for statement, parameters in statements:
        flat = " ".join(statement.split()).lower()
        if flat.startswith("select") and not flat.startswith("select count(") \
                and f"from {table}" in flat and " limit " in flat:
            return statement, parameters
    return None


# --- generated rows -------------------------------------------------------------

def _value(column, n: str):
    """A SQL expression for row ``n`` of a column that is not a foreign key."""
    kind = column.type
    if isinstance(kind, Boolean):
        return "false"
    if isinstance(kind, DateTime):
        return f"timestamp '2024-01-01' + {n} * interval '1 minute'"
    if isinstance(kind, Date):
        return f"date '2000-01-01' + {n}"
    if isinstance(kind, (Integer, Numeric, Float)):
        return n
    if isinstance(kind, JSON):
        return "'{}'"
    if isinstance(kind, (String, Text)):
        length = getattr(kind, "length", None)
        value = f"'g' || {n}"
        return f"left({value}, {length})" if length else value
    return "NULL"


def generate_rows(connection, table, count: int, site_ids=None, dealer_ids=None) -> None:
    """``count`` rows of ``table``: every NOT NULL column filled, the site, dealer
    and foreign keys drawn from existing rows, rows that would break a unique
    constraint left out."""
    columns, expressions, pools = [], [], []
    unique = {column.name for constraint in table.constraints
              if isinstance(constraint, UniqueConstraint) for column in constraint.columns}
    for column in table.columns:
        if column.primary_key and column.autoincrement in (True, "auto"):
            continue
        if column.foreign_keys:
            referred = next(iter(column.foreign_keys)).column
            if column.name == "site_id" and site_ids:
                pool = "ARRAY[%s]" % ",".join(map(str, site_ids))
                expression = f"({pool})[1 + mod(n, {len(site_ids)})]"
            elif column.name == "dealer_id" and dealer_ids:
                pool = "ARRAY[%s]" % ",".join(map(str, dealer_ids))
                expression = f"({pool})[1 + mod(n / {len(site_ids)}, {len(dealer_ids)})]"
            elif not column.nullable:
                # the first rows only (the actors among them: a person with many
                # rows), unless a unique constraint wants them all
                alias, limit = f"pool_{len(pools)}", "" if column.name in unique else (
                    f"LIMIT {DEALERS}")
                pools.append(f"(SELECT array_agg(id ORDER BY id) AS ids FROM (SELECT "
                             f"{referred.name} AS id FROM {referred.table.name} ORDER BY "
                             f"{referred.name} {limit}) AS firsts) {alias}")
                expression = f"{alias}.ids[1 + mod(n, cardinality({alias}.ids))]"
            else:
                continue
        else:
            expression = _value(column, "n")
        columns.append(f'"{column.name}"')
        expressions.append(expression)
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} "
        f"FROM generate_series(1, {count}) AS g(n) {''.join(', ' + p for p in pools)} "
        "ON CONFLICT DO NOTHING")


def tables_to_fill(models) -> list:
    """The listed tables and every table they need rows of, parents first."""
    wanted = {model.__table__ for model in models} | {Site.__table__, Dealer.__table__,
                                                      ErpUser.__table__}
    grew = True
    while grew:
        grew = False
        for table in list(wanted):
            for column in table.columns:
                for key in column.foreign_keys:
                    if not column.nullable and key.column.table not in wanted:
                        wanted.add(key.column.table)
                        grew = True
    return [table for table in Model.metadata.sorted_tables if table in wanted]


# --- plans ----------------------------------------------------------------------

def plan_nodes(node, above_sort=False):
    """(node, whether a full Sort is above it) for every node of a JSON plan: a Sort
    of more rows than a page (a Sort of the page's rows, after a LIMIT in a subquery
    that an index served, sorts only those)."""
    yield node, above_sort
    sorting = above_sort or (node["Node Type"] == "Sort" and node["Plan Rows"] > PAGE_SIZE)
    for child in node.get("Plans", ()):
        yield from plan_nodes(child, sorting)


def plan_problems(plan: dict, table: str) -> list[str]:
    problems = []
    for node, sorted_above in plan_nodes(plan):
        if node.get("Relation Name") != table:
            continue
        kind = node["Node Type"]
        if kind == "Seq Scan":
            problems.append("reads the whole table (Seq Scan)")
        if sorted_above:
            problems.append(f"sorts the scoped rows ({kind} under a Sort)")
    return problems


def test_every_scoped_list_page_is_served_by_an_index(app, client):
    apis = {view.resource_name: view for view in app.appbuilder.baseviews
            if getattr(view, "resource_name", None) in set(listed_apis(app))}
    scoped = {name: scoped_model(api) for name, api in apis.items() if scoped_model(api)}
    assert len(scoped) >= 20
    with app.app_context():
        engine = db.engine
    pages = []  # (resource, actor, statement, parameters)
    for username, password in ACTORS:
        headers = api_token(client, username, password)
        for resource in sorted(scoped):
            with caught_statements(engine) as statements:
                response = client.get(PAGE.format(resource), headers=headers)
            if response.status_code in (403, 404):
                continue  # the actor may not list it: nothing to serve
            assert response.status_code == 200, (resource, username, response.status_code)
            found = page_statement(statements, scoped[resource].__table__.name)
            assert found, f"{resource} as {username}: no page statement among {statements}"
            pages.append((resource, username, *found))
    listed_by_site_user = {resource for resource, username, *_ in pages
                           if username != "dealer-a"}
    assert listed_by_site_user == set(scoped), "lists no site user could open"
    assert any(username == "dealer-a" for _, username, *_ in pages)

    problems = {}
    with app.app_context(), engine.connect() as connection:
        transaction = connection.begin()
        try:
            _fill(connection, scoped.values())
            for resource, username, statement, parameters in pages:
                if username == "dealer-a" and hasattr(scoped[resource],
                                                      "__dealer_criterion__"):
                    # the dealer's rows are found through a list of parties (a
                    # contract's): a dealer is party to a few dozen, which are sorted
                    continue
                plan = connection.exec_driver_sql(
                    "EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()[0]["Plan"]
                found = plan_problems(plan, scoped[resource].__table__.name)
                if found:
                    problems[f"{resource} as {username}"] = found
        finally:
            transaction.rollback()
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())


def _fill(connection, models):
    """Generated rows for every listed table, spread over the demo's two sites (the
    actors') and ``DEALERS`` dealers (theirs among them)."""
    # the demo's sites only: the sites other tests add would spread the rows so thin
    # that reading a handful and sorting them is the planner's right choice
    site_ids = [row[0] for row in connection.exec_driver_sql(
        "SELECT id FROM site WHERE code IN ('hq', 'gz') ORDER BY id")]
    generate_rows(connection, Site.__table__, ROWS)
    generate_rows(connection, Dealer.__table__, ROWS, site_ids=site_ids)
    dealer_ids = [row[0] for row in connection.exec_driver_sql(
        "SELECT id FROM dealer ORDER BY id LIMIT %d" % DEALERS)]
    generate_rows(connection, ErpUser.__table__, USERS, site_ids=site_ids,
                  dealer_ids=dealer_ids)
    tables = tables_to_fill(models)
    for table in tables:
        if table.name not in ("site", "dealer", "ab_user"):
            generate_rows(connection, table, ROWS, site_ids=site_ids, dealer_ids=dealer_ids)
    connection.exec_driver_sql("ANALYZE " + ", ".join(table.name for table in tables))
