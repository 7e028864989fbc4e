"""Corrective / preventive action reports (CAPA) [002 §5.2.5–5.2.9, §5.3.1]: the owner
follows the severity routing, the returned quantity is in the nonconformity, the
schedule's overdue tasks of major and important reports are flagged to QM once per
site and day, and the filed outcome goes back to the requests."""
import datetime

from sqlalchemy import func, select

from core.extensions import db
from core.jobs import run_scheduled
from tests.fixtures import api_token, as_system, login

from .helpers import act, ids, new_request, show
from .test_warranty_return import counted, record_with_parts, register


def request_of(app, client, severity, dealer="dealer-a"):
    known = ids(app)
    return new_request(client, api_token(client, "gz-manager"),
                       known["customers"][dealer]["customer"], severity=severity)


def new_capa(client, headers, request_ids, **fields):
    body = {"requests": request_ids, "nonconformity": "液压泵密封失效，漏油",
            "returned_quantity": 0, **fields}
    response = client.post("/api/v1/capa_report/", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return show(client, headers, "capa_report", response.json["id"])


def add_task(client, headers, capa_id, due_on, owner="技术部 王工", done_on=None):
    body = {"capa": capa_id, "description": "更换密封件供应商并验证", "owner": owner,
            "due_on": due_on}
    if done_on:
        body["done_on"] = done_on
    response = client.post("/api/v1/capa_task/", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_capa_owner_follows_the_severity_routing(app, client):
    qa = api_token(client, "gz-qa")
    expected = {"major": ("Technical director", True),
                "important": ("Technical department", True),
                "general": ("Responsible department", False)}
    for severity, (owner, filed_with_qm) in expected.items():
        capa = new_capa(client, qa, [request_of(app, client, severity)])
        assert (capa["severity"], capa["owner"], capa["filed_with_qm"]) == \
            (severity, owner, filed_with_qm)


def test_capa_takes_the_severity_of_its_most_severe_request(app, client):
    qa = api_token(client, "gz-qa")
    capa = new_capa(client, qa, [request_of(app, client, "general"),
                                 request_of(app, client, "important")])
    assert capa["severity"] == "important" and capa["owner"] == "Technical department"
    assert len(capa["requests"]) == 2


def test_capa_counts_the_parts_returned_against_its_requests(app, client):
    """The nonconformity states the quantity of returned products [002 §5.3.1]: by
    default the pieces counted by the warranty returns of the requests' records
    (1 pump + 1 seal kit counted, though 2 pumps were listed)."""
    from addons.service_policy.models import ServiceRecord

    qa = api_token(client, "gz-qa")
    record_id = record_with_parts(app)
    returned = register(client, qa, record_id)
    assert counted(client, qa, returned["id"], [1, 1], reason="少一件").status_code == 200
    with as_system(app):
        request_id = db.session.get(ServiceRecord, record_id).request_id
    response = client.post("/api/v1/capa_report/", headers=qa, json={
        "requests": [request_id], "nonconformity": "液压泵漏油", "severity": "major"})
    assert response.status_code == 201, response.json
    assert show(client, qa, "capa_report", response.json["id"])["returned_quantity"] == 2


def test_capa_steps_in_order_and_the_outcome_reaches_the_request(app, client):
    from addons.service_policy.models import ServiceNotification

    qa, technical = api_token(client, "gz-qa"), api_token(client, "gz-manager")
    request_id = request_of(app, client, "important")
    capa = new_capa(client, qa, [request_id], returned_quantity=3)
    capa_id = capa["id"]
    # no root cause, actions nor schedule yet
    assert act(client, qa, "capa_report", capa_id, "submit").status_code == 409
    assert client.put(f"/api/v1/capa_report/{capa_id}", headers=qa, json={
        "root_cause": "供方密封圈材质不合格", "actions": "更换供方；来料抽检加严"}).status_code == 200
    assert act(client, qa, "capa_report", capa_id, "submit").status_code == 409
    task_id = add_task(client, qa, capa_id, "2026-12-10")
    assert act(client, qa, "capa_report", capa_id, "submit").status_code == 200
    # the effectiveness is reviewed once the schedule is done, with the review written
    assert act(client, qa, "capa_report", capa_id, "review",
               reason="有效").status_code == 409
    assert client.put(f"/api/v1/capa_task/{task_id}", headers=qa,
                      json={"done_on": "2026-11-25"}).status_code == 200
    assert act(client, qa, "capa_report", capa_id, "review").status_code == 422
    assert act(client, qa, "capa_report", capa_id, "review",
               reason="连续三个月无同类投诉，整改有效").status_code == 200
    # the service manager reads the report but neither reviews nor files it
    assert act(client, technical, "capa_report", capa_id, "file").status_code == 403
    filed = act(client, qa, "capa_report", capa_id, "file")
    assert filed.status_code == 200 and filed.json["result"]["state"] == "filed"
    assert act(client, qa, "capa_report", capa_id, "file").status_code == 409
    # a filed report's schedule is closed
    late = client.post("/api/v1/capa_task/", headers=qa, json={
        "capa": capa_id, "description": "x", "owner": "y", "due_on": "2026-12-01"})
    assert late.status_code == 422
    # the request says what was done, for the customer — its dealer reads it too
    outcome = show(client, api_token(client, "dealer-a"), "service_request",
                   request_id)["capa_outcome"]
    assert capa["number"] in outcome and "连续三个月无同类投诉，整改有效" in outcome
    page = login(client, "dealer-a").get(f"/servicerequestview/show/{request_id}?_l_=zh_CN")
    assert page.status_code == 200
    assert "纠正/预防措施结果" in page.get_data(as_text=True)
    assert "连续三个月无同类投诉，整改有效" in page.get_data(as_text=True)
    with as_system(app):
        told = db.session.scalar(select(func.count()).select_from(ServiceNotification).where(
            ServiceNotification.request_id == request_id,
            ServiceNotification.user_id == ids(app)["users"]["gz-manager"]))
    assert told == 1


def technical_user(app, client) -> dict:
    """A technical-department user of gz (the demo has none)."""
    from core import sites
    from core.models import ErpUser

    with as_system(app):
        security = app.appbuilder.sm
        if security.find_user(username="gz-techdept") is None:
            user = security.add_user("gz-techdept", "技术部", "王工", "techdept@example.com",
                                     security.find_role("Technical"), password="demo")
            db.session.get(ErpUser, user.id).site_id = sites.get_site("gz").id
            db.session.commit()
    return api_token(client, "gz-techdept")


def test_technical_dept_writes_and_reviews_but_quality_files(app, client):
    """The owner (technical dept / director) analyses, rectifies and reviews; quality
    management confirms and files [002 §5.2.5–5.2.8]."""
    technical, qa = technical_user(app, client), api_token(client, "gz-qa")
    capa = new_capa(client, technical, [request_of(app, client, "major")],
                    root_cause="装配扭矩不足", actions="修订装配工艺卡")
    add_task(client, technical, capa["id"], "2026-12-05", done_on="2026-11-30")
    assert act(client, technical, "capa_report", capa["id"], "submit").status_code == 200
    assert act(client, technical, "capa_report", capa["id"], "review",
               reason="复查 20 台无复发").status_code == 200
    assert act(client, technical, "capa_report", capa["id"], "file").status_code == 403
    assert act(client, technical, "capa_report", capa["id"], "reopen",
               reason="x").status_code == 403
    # QM finds the review wanting: back to rectification, the review cleared
    reopened = act(client, qa, "capa_report", capa["id"], "reopen", reason="抽样数量不足")
    assert reopened.status_code == 200
    assert reopened.json["result"]["effectiveness_review"] is None
    assert act(client, technical, "capa_report", capa["id"], "review",
               reason="复查 100 台无复发").status_code == 200
    assert act(client, qa, "capa_report", capa["id"], "file").status_code == 200


def test_dealers_and_technicians_do_not_see_capa_reports(app, client):
    """CAPA reports are internal (root causes, suppliers): dealers learn the outcome
    on their request, never the report, theirs or another dealer's."""
    qa = api_token(client, "gz-qa")
    capa = new_capa(client, qa, [request_of(app, client, "major", dealer="dealer-b")])
    for username in ("dealer-a", "dealer-b", "gz-tech1"):
        headers = api_token(client, username)
        assert client.get("/api/v1/capa_report/", headers=headers).status_code == 403
        assert client.get(f"/api/v1/capa_report/{capa['id']}",
                          headers=headers).status_code == 403
        assert client.get("/api/v1/capa_task/", headers=headers).status_code == 403
    hq = api_token(client, "hq-manager")
    assert client.get(f"/api/v1/capa_report/{capa['id']}", headers=hq).status_code == 404


def test_capa_cannot_answer_another_site_request(app, client):
    from addons.service_policy.models import ServiceRequest

    known = ids(app)
    with as_system(app):
        foreign = db.session.execute(select(ServiceRequest.id).where(
            ServiceRequest.site_id != known["gz"])).scalars().first()
    assert foreign is not None
    response = client.post("/api/v1/capa_report/", headers=api_token(client, "gz-qa"),
                           json={"requests": [foreign], "nonconformity": "x",
                                 "severity": "general"})
    assert response.status_code == 422 and "requests" in response.json["message"]


# --- the daily job ---------------------------------------------------------------------
def capa_with_tasks(app, client, severity, due_dates, done=()):
    qa = api_token(client, "gz-qa")
    capa = new_capa(client, qa, [request_of(app, client, severity)], severity=severity,
                    root_cause="原因", actions="措施")
    tasks = [add_task(client, qa, capa["id"], due, done_on=due if due in done else None)
             for due in due_dates]
    assert act(client, qa, "capa_report", capa["id"], "submit").status_code == 200
    return capa, tasks


def flagged(app, task_ids):
    from addons.service_policy.models import CapaTask

    with as_system(app):
        return {task_id: db.session.get(CapaTask, task_id).flagged_at is not None
                for task_id in task_ids}


def quality_notices(app, number):
    from addons.service_policy.models import ServiceNotification

    with as_system(app):
        return db.session.scalar(select(func.count()).select_from(ServiceNotification).where(
            ServiceNotification.user_id == ids(app)["users"]["gz-qa"],
            ServiceNotification.message.contains(number)))


def test_overdue_tasks_of_major_and_important_capas_are_flagged_to_qm(app, client):
    """Due 2026-11-28 and not done on 2026-11-30: overdue (major, important); the
    general report's is not followed by QM; one due today or done is not overdue."""
    from addons.service_policy.jobs import flag_overdue_capa_tasks

    major, (major_late, major_today, major_done) = capa_with_tasks(
        app, client, "major", ["2026-11-28", "2026-11-30", "2026-11-27"],
        done=("2026-11-27",))
    important, (important_late,) = capa_with_tasks(app, client, "important", ["2026-11-29"])
    general, (general_late,) = capa_with_tasks(app, client, "general", ["2026-11-28"])
    known = ids(app)
    with as_system(app, known["gz"]):
        flag_overdue_capa_tasks(known["gz"], "2026-11-30", today=datetime.date(2026, 11, 30))
        db.session.commit()
    assert flagged(app, [major_late, major_today, major_done, important_late,
                         general_late]) == {major_late: True, major_today: False,
                                            major_done: False, important_late: True,
                                            general_late: False}
    assert quality_notices(app, major["number"]) == 1
    assert quality_notices(app, important["number"]) == 1
    assert quality_notices(app, general["number"]) == 0
    # the next day the task due on the 30th is overdue too; the others are not told twice
    with as_system(app, known["gz"]):
        flag_overdue_capa_tasks(known["gz"], "2026-12-01", today=datetime.date(2026, 12, 1))
        db.session.commit()
    assert flagged(app, [major_today]) == {major_today: True}
    assert quality_notices(app, major["number"]) == 2
    assert quality_notices(app, important["number"]) == 1


def test_capa_job_runs_once_per_site_and_day(app, client):
    _, (late,) = capa_with_tasks(app, client, "major", ["2026-11-20"])
    with app.app_context():
        first = run_scheduled("service_policy", "flag_overdue_capa_tasks",
                              datetime.datetime(2031, 3, 1, 1, 0))
        again = run_scheduled("service_policy", "flag_overdue_capa_tasks",
                              datetime.datetime(2031, 3, 1, 9, 0))
        next_day = run_scheduled("service_policy", "flag_overdue_capa_tasks",
                                 datetime.datetime(2031, 3, 2, 1, 0))
    assert first["gz"] == "done" and again["gz"] == "skipped" and next_day["gz"] == "done"
    assert "hq" in first  # every site enabling service_policy
    assert flagged(app, [late]) == {late: True}
