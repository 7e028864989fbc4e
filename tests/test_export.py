"""Every list page exports to XLSX and CSV: the rows of the user's scope with the
filters and order on screen, labels as shown, values translated, formulas
neutralised, column widths set.  Knows no view by name for the walk."""
from __future__ import annotations

import csv
import io
import re

import pytest
from flask_appbuilder import ModelView
from openpyxl import load_workbook

from .fixtures import api_token, login


def model_views(app):
    return sorted((view for view in app.appbuilder.baseviews
                   if isinstance(view, ModelView) and "can_list" in view.base_permissions),
                  key=lambda view: view.endpoint)


def csv_rows(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.status_code
    text = answer.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_every_list_page_offers_both_exports_and_they_answer(app, client):
    """As the system admin of gz: every model view's list shows the buttons, and each
    export has the list's labels as its header row."""
    login(client, "gz-root", "root")
    walked = 0
    for view in model_views(app):
        page = client.get(f"{view.route_base}/list/")
        if page.status_code != 200:
            continue
        body = page.get_data(as_text=True)
        labels = [str(view.label_columns.get(column, column)) for column in view.list_columns]
        for fmt in ("xlsx", "csv"):
            assert f'href="/export/{view.endpoint}.{fmt}"' in body, view.endpoint
        header = csv_rows(client.get(f"/export/{view.endpoint}.csv"))[0]
        assert header == labels, view.endpoint
        book = load_workbook(io.BytesIO(client.get(f"/export/{view.endpoint}.xlsx").data))
        sheet = book.active
        assert [cell.value for cell in sheet[1]] == labels, view.endpoint
        walked += 1
    assert walked >= 20
    print(f"exported {walked} lists")


def test_the_export_keeps_the_filters_and_order_on_screen(client):
    login(client, "gz-manager")
    args = ("_flt_0_state=acknowledged&_oc_ServiceRequestView=number"
            "&_od_ServiceRequestView=asc")
    page = client.get(f"/servicerequestview/list/?{args}").get_data(as_text=True)
    # the buttons carry the page's own arguments
    link = re.search(r'href="(/export/ServiceRequestView\.csv[^"]*)"', page).group(1)
    assert "_flt_0_state=acknowledged" in link.replace("&amp;", "&")
    rows = csv_rows(client.get(link.replace("&amp;", "&")))
    header, body = rows[0], rows[1:]
    state = header.index("State")
    number = header.index("Number")
    assert body and {row[state] for row in body} == {"Acknowledged"}  # by name, not code
    numbers = [row[number] for row in body]
    assert numbers == sorted(numbers)
    rows = csv_rows(client.get("/export/ServiceRequestView.csv?_oc_ServiceRequestView=number"
                               "&_od_ServiceRequestView=desc"))
    numbers = [row[number] for row in rows[1:]]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > len(body)


def test_a_dealer_exports_only_its_own_rows(app, client):
    login(client, "dealer-a")
    rows = csv_rows(client.get("/export/CustomerView.csv"))
    text = "\n".join(",".join(row) for row in rows[1:])
    assert rows[1:] and "dealer-a" in text and "dealer-b" not in text
    headers = api_token(app.test_client(), "dealer-a")
    count = app.test_client().get("/api/v1/customer/", headers=headers).json["count"]
    assert len(rows) - 1 == count


def test_all_pages_are_exported_in_batches(client, monkeypatch):
    """Rows come in batches of BATCH; with a batch of 2 every row is there once."""
    from core import export

    login(client, "gz-manager")
    whole = csv_rows(client.get("/export/ServiceRequestView.csv"))
    monkeypatch.setattr(export, "BATCH", 2)
    batched = csv_rows(client.get("/export/ServiceRequestView.csv"))
    assert len(whole) > 5 and batched == whole


def test_formulas_are_neutralised_and_widths_set(app, client):
    headers = api_token(app.test_client(), "dealer-a")
    created = app.test_client().post("/api/v1/customer/", headers=headers, json={
        "name": '=HYPERLINK("http://evil.example","export")', "phone": "+8613800000009",
        "region": "@Panyu"})
    assert created.status_code == 201, created.json
    login(client, "dealer-a")
    rows = csv_rows(client.get("/export/CustomerView.csv"))
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0].startswith("'=") and evil[1] == "'+8613800000009" and evil[2] == "'@Panyu"
    book = load_workbook(io.BytesIO(client.get("/export/CustomerView.xlsx").data))
    sheet = book.active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"export\")" in cells
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert all(width and width >= 6 for width in widths), widths
    assert sheet.freeze_panes == "A2"


def test_chinese_labels_and_values(client):
    login(client, "gz-manager")
    rows = csv_rows(client.get("/export/ServiceRequestView.csv?_l_=zh_CN"))
    assert "状态" in rows[0]
    states = {row[rows[0].index("状态")] for row in rows[1:]}
    assert states <= {"新建", "已受理", "已派工", "到达现场", "已解决", "已关闭"}
    answer = client.get("/export/ServiceRequestView.xlsx?_l_=zh_CN")
    assert "filename*=UTF-8''" in answer.headers["Content-Disposition"]


@pytest.mark.parametrize("username, view, code", [
    ("hq-manager", "PenaltyRecordView", 404),  # the addon is not enabled on hq
    ("dealer-a", "PenaltyRuleView", 403),  # enabled, but no permission to list
    ("gz-manager", "NoSuchView", 404),
])
def test_an_export_the_user_may_not_see_is_refused(app, username, view, code):
    client = login(app.test_client(), username)
    assert client.get(f"/export/{view}.csv").status_code == code
    assert client.get(f"/export/{view}.pdf").status_code == 404


def test_an_anonymous_export_goes_to_the_login(client):
    answer = client.get("/export/CustomerView.csv")
    assert answer.status_code == 302 and "/login/" in answer.headers["Location"]


# --- the lists read with one select of their columns -------------------------------

READERS = ("gz-root", "gz-manager", "gz-hr", "gz-tech1", "dealer-a")


def _as_user(app, username: str, url: str = "/"):
    """A request for ``url`` made by ``username``, as the export's own request is."""
    from flask import g
    from sqlalchemy import select

    from core.context import system_context
    from core.extensions import db
    from core.models import ErpUser

    context = app.test_request_context(url)
    context.push()
    with system_context(None):
        g._login_user = g.user = db.session.execute(
            select(ErpUser).filter_by(username=username)).scalar_one()
    return context


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_select_of_columns_gives_the_rows_of_the_row_objects(app, monkeypatch, language):
    """Every list that can be read with one select of its columns gives the same
    cells that way as from its row objects, for each kind of reader (scope), in both
    languages, with batches and remembered names small enough to start again."""
    from core import export
    from core.extensions import db
    from core.names import remembered

    monkeypatch.setattr(export, "BATCH", 7)
    monkeypatch.setattr(export, "REMEMBERED", 5)
    selectable = [view for view in model_views(app) if export.column_readings(view)]
    assert len(selectable) >= 30, [view.endpoint for view in selectable]
    with_rows = set()
    for username in READERS:
        context = _as_user(app, username, f"/?_l_={language}")
        try:
            for view in selectable:
                for cell in (export.cell_value, export.csv_cell):
                    with remembered():
                        table = export.ListTable(view)
                        selected = list(table.selected_batches(cell))
                        objects = list(table.object_batches(cell))
                    assert selected == objects, (username, view.endpoint)
                    if selected:
                        with_rows.add(view.endpoint)
                        assert all(len(batch) <= 7 for batch in selected)
        finally:
            db.session.rollback()
            context.pop()
    # the comparison means something: most lists hold demo rows for someone
    assert len(with_rows) >= 20, sorted(with_rows)


def test_columns_followed_through_a_relationship(app, monkeypatch):
    """``relation.column`` list columns (none of today's lists has one) come from the
    related row as the row objects give them: its key, and nothing for an attribute
    it does not have."""
    import copy

    from core import export
    from core.extensions import db
    from core.names import remembered

    monkeypatch.setattr(export, "BATCH", 7)
    context = _as_user(app, "gz-manager")
    followed = 0
    try:
        for view in model_views(app):
            readings = export.column_readings(view) or []
            relations = [reading.relation for reading in readings
                         if isinstance(reading, export.Related)]
            if not relations:
                continue
            dotted = copy.copy(view)
            dotted.list_columns = list(view.list_columns) + [
                f"{relation.key}.{column}" for relation in relations
                for column in (relation.mapper.primary_key[0].key, "no_such_attribute")]
            assert export.column_readings(dotted) is not None, view.endpoint
            with remembered():
                table = export.ListTable(dotted)
                selected = list(table.selected_batches(export.csv_cell))
                assert selected == list(table.object_batches(export.csv_cell)), view.endpoint
            followed += bool(selected)
    finally:
        db.session.rollback()
        context.pop()
    assert followed >= 10


def test_a_dealer_exports_only_its_own_rows_through_the_select(app):
    """The select of columns is scoped as the row objects are: dealer-a's service
    requests name only dealer-a's customers, and the customers list holds
    dealer-a's rows, all of them (against the scope-free count)."""
    from sqlalchemy import func, select

    from core import export
    from core.context import system_context
    from core.extensions import db
    from core.models import Dealer

    from addons.service_policy.models import Customer

    context = _as_user(app, "dealer-a")
    try:
        customers = export.exportable_view("CustomerView")
        assert export.column_readings(customers) is not None
        table = export.ListTable(customers)
        rows = [row for batch in table.selected_batches(export.cell_value) for row in batch]
        dealer = table.columns.index("dealer")
        with system_context(None):
            dealer_a = db.session.execute(select(Dealer).filter_by(code="dealer-a")).scalar_one()
            owned = db.session.scalar(select(func.count()).select_from(Customer).where(
                Customer.dealer_id == dealer_a.id))
            everyone = db.session.scalar(select(func.count()).select_from(Customer))
        assert rows and {row[dealer] for row in rows} == {str(dealer_a)}
        assert len(rows) == owned < everyone
    finally:
        db.session.rollback()
        context.pop()
