"""Recording violations: inspectors only, every bad input a 422, photos through
the host's storage; a person sees only their own."""
import datetime
import io

from core.extensions import db

from tests.fixtures import api_token, as_system

from ..models import SixsChecklistItem, SixsViolation
from .helpers import item_id, make_site, violations, month_times

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def post(client, headers, **body):
    return client.post("/api/v1/sixs_violation/", headers=headers, json=body)


def test_sixs_inspector_records_an_inspection_and_its_violation(app, client):
    site = make_site(app)
    headers = api_token(client, f"{site.code}-manager")
    inspection = client.post("/api/v1/sixs_inspection/", headers=headers, json={
        "area": "workshop", "mode": "static", "inspected_at": "2021-05-10T02:00:00"})
    assert inspection.status_code == 201, inspection.json
    assert inspection.json["result"]["inspector_id"] == site.manager
    answer = post(client, headers, inspection_id=inspection.json["id"],
                  person_id=site.people[1], checklist_item_id=item_id(app, site.id),
                  note="纸板在地上")
    assert answer.status_code == 201, answer.json
    shown = client.get(f"/api/v1/sixs_violation/{answer.json['id']}", headers=headers).json
    # no time given: the inspection's; its day and month in Shanghai
    assert shown["result"]["occurred_at"].startswith("2021-05-10T02:00")
    assert (shown["result"]["local_date"], shown["result"]["month"]) == ("2021-05-10",
                                                                          "2021-05")


def test_sixs_bad_violations_answer_422_per_field(app, client):
    site, other = make_site(app), make_site(app)
    headers = api_token(client, f"{site.code}-manager")
    item = item_id(app, site.id)
    person = site.people[0]
    cases = [
        (dict(person_id=person, kind="junk"), "kind"),
        (dict(person_id=person), "checklist_item_id"),
        (dict(person_id=person, kind="cleanup", checklist_item_id=item), "checklist_item_id"),
        (dict(person_id=other.people[0], checklist_item_id=item), "person_id"),
        (dict(person_id=999999, checklist_item_id=item), "person_id"),
        (dict(person_id=person, checklist_item_id=item_id(app, other.id)),
         "checklist_item_id"),
        (dict(person_id=person, checklist_item_id=item, occurred_at="yesterday"),
         "occurred_at"),
    ]
    for body, field in cases:
        answer = post(client, headers, **body)
        assert answer.status_code == 422, (body, answer.json)
        assert field in str(answer.json["message"]), (body, answer.json)


def test_sixs_failed_cleanup_is_recorded_once_per_person_and_week(app, client):
    site = make_site(app)
    headers = api_token(client, f"{site.code}-manager")
    first = post(client, headers, person_id=site.people[0], kind="cleanup",
                 occurred_at="2021-05-14T10:00:00")
    assert first.status_code == 201, first.json
    again = post(client, headers, person_id=site.people[0], kind="cleanup",
                 occurred_at="2021-05-16T10:00:00")
    assert again.status_code == 422
    other_person = post(client, headers, person_id=site.people[1], kind="cleanup",
                        occurred_at="2021-05-14T10:00:00")
    assert other_person.status_code == 201


def test_sixs_failed_cleanup_without_a_time_happened_at_the_last_cleanup(app, client):
    from ..models.sixs_violation import last_cleanup
    from core import clock
    import datetime

    site = make_site(app)
    with as_system(app, site.id):
        zone = clock.site_zone(site.id)
        # Monday 17 May 2021 in Shanghai: the last clean-up was Friday 14 May 18:00
        moment = last_cleanup(site.id, datetime.datetime(2021, 5, 17, 1, 0), zone)
    assert moment == datetime.datetime(2021, 5, 14, 10, 0)  # 18:00 in Shanghai, UTC
    headers = api_token(client, f"{site.code}-manager")
    answer = post(client, headers, person_id=site.people[0], kind="cleanup")
    assert answer.status_code == 201, answer.json


def test_sixs_retired_item_takes_no_new_violation_but_keeps_its_history(app, client):
    site = make_site(app)
    item = item_id(app, site.id, "OF-06")
    [kept] = violations(app, site.id, site.people[0], month_times(2021, 5, 1), code="OF-06")
    admin = api_token(client, f"{site.code}-admin")
    retired = client.post(f"/api/v1/sixs_checklist_item/{item}/retire", headers=admin,
                          json={})
    assert retired.status_code == 200 and retired.json["result"]["state"] == "retired"
    manager = api_token(client, f"{site.code}-manager")
    assert post(client, manager, person_id=site.people[0],
                checklist_item_id=item).status_code == 422
    shown = client.get(f"/api/v1/sixs_violation/{kept}", headers=manager)
    assert shown.status_code == 200 and shown.json["result"]["checklist_item_id"] == item
    from .helpers import score

    assert score(app, site.id, "2021-05")[site.people[0]]["points"] == 2


def test_sixs_violation_photo_is_stored_and_downloaded(app, client):
    site = make_site(app)
    [violation] = violations(app, site.id, site.people[0], month_times(2021, 5, 1))
    manager = api_token(client, f"{site.code}-manager")
    stored = client.post(f"/api/v1/sixs_violation/{violation}/file", headers=manager,
                         data={"file": (io.BytesIO(PNG), "现场照片.png")},
                         content_type="multipart/form-data")
    assert stored.status_code == 200, stored.json
    assert stored.json["file_name"] == "现场照片.png"
    tech = api_token(client, f"{site.code}-tech")
    download = client.get(f"/api/v1/sixs_violation/{violation}/file", headers=tech)
    assert download.status_code == 200 and download.data == PNG
    assert "attachment" in download.headers["Content-Disposition"]
    text = client.post(f"/api/v1/sixs_violation/{violation}/file", headers=manager,
                       data={"file": (io.BytesIO(b"MZ"), "x.exe")},
                       content_type="multipart/form-data")
    assert text.status_code == 415


def test_sixs_person_sees_only_their_own_violations(app, client):
    site = make_site(app)
    mine = violations(app, site.id, site.tech, month_times(2021, 5, 2))
    theirs = violations(app, site.id, site.people[1], month_times(2021, 5, 1))
    tech = api_token(client, f"{site.code}-tech")
    listed = client.get("/api/v1/sixs_violation/?q=(page_size:100)", headers=tech)
    assert listed.status_code == 200
    assert sorted(listed.json["ids"]) == sorted(mine)
    assert client.get(f"/api/v1/sixs_violation/{theirs[0]}", headers=tech).status_code == 404
    assert client.get(f"/api/v1/sixs_violation/{theirs[0]}/file",
                      headers=tech).status_code == 404


def test_sixs_only_inspectors_record_violations(app, client):
    site = make_site(app)
    body = dict(person_id=site.people[1], checklist_item_id=item_id(app, site.id))
    for user in ("tech", "hr", "admin"):
        headers = api_token(client, f"{site.code}-{user}")
        assert post(client, headers, **body).status_code == 403, user
        assert client.post("/api/v1/sixs_inspection/", headers=headers,
                           json={"mode": "static"}).status_code == 403, user
    assert post(client, api_token(client, f"{site.code}-manager"), **body).status_code == 201


def test_sixs_dealers_see_nothing_of_the_addon(app, client):
    headers = api_token(client, "dealer-a")
    for resource in ("sixs_checklist_item", "sixs_inspection", "sixs_violation",
                     "sixs_weekly_selection", "sixs_team_member", "sixs_month_close"):
        assert client.get(f"/api/v1/{resource}/", headers=headers).status_code == 403
    assert client.get("/api/v1/sixs_score/monthly?month=2026-11",
                      headers=headers).status_code == 403
    menu = client.get("/api/v1/menu/", headers=headers).get_data(as_text=True)
    assert "6S" not in menu


def test_sixs_violation_page_records_and_refuses_with_a_message(app, client):
    from tests.fixtures import login

    site = make_site(app)
    login(client, f"{site.code}-manager")
    item = item_id(app, site.id)
    page = client.post("/sixsviolationview/add", data={
        "person": str(site.people[0]), "kind": "cleanup", "checklist_item": str(item),
        "occurred_at": "2021-05-14 10:00:00", "note": ""}, follow_redirects=True)
    assert page.status_code == 200
    assert "without a checklist rule" in page.get_data(as_text=True)
    page = client.post("/sixsviolationview/add", data={
        "person": str(site.people[0]), "kind": "item", "checklist_item": str(item),
        "occurred_at": "2021-05-14 10:00:00", "note": "页面"}, follow_redirects=True)
    assert page.status_code == 200
    # typed in Shanghai time: 07:00 on 1 June is 23:00 UTC on 31 May, a June violation
    client.post("/sixsviolationview/add", data={
        "person": str(site.people[0]), "kind": "item", "checklist_item": str(item),
        "occurred_at": "2021-06-01 07:00:00", "note": "早班"}, follow_redirects=True)
    with as_system(app, site.id):
        rows = db.session.query(SixsViolation).filter_by(site_id=site.id) \
            .order_by(SixsViolation.id).all()
        assert [(row.note, row.month, row.occurred_at) for row in rows] == [
            ("页面", "2021-05", datetime.datetime(2021, 5, 14, 2, 0)),
            ("早班", "2021-06", datetime.datetime(2021, 5, 31, 23, 0))]
        assert db.session.get(SixsChecklistItem, item).state == "active"
        june = rows[1].id
    # shown again in Shanghai time, to the minute, and so in the edit form
    assert 'value="2021-06-01 07:00"' in client.get(
        f"/sixsviolationview/edit/{june}").get_data(as_text=True)
    listed = client.get("/sixsviolationview/list/").get_data(as_text=True)
    assert "2021-06-01 07:00" in listed and "2021-05-14 10:00" in listed
