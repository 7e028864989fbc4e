"""The 24-hour first answer: a breach is escalated to the site's service managers
exactly once, however often the job runs."""
import datetime

from sqlalchemy import func, select

from core.extensions import db
from core.jobs import run_scheduled
from core.models import utcnow
from tests.fixtures import as_system

from .helpers import ids


def make_request(app, hours_ago, answered=False):
    from addons.service_policy.models import Customer, ServiceRequest

    known = ids(app)
    with as_system(app, known["gz"]):
        request = ServiceRequest(
            site_id=known["gz"], customer=db.session.get(
                Customer, known["customers"]["dealer-b"]["customer"]),
            description=f"SLA test {hours_ago}h", category="quality", severity="general",
            received_at=utcnow() - datetime.timedelta(hours=hours_ago))
        db.session.add(request)
        db.session.flush()
        if answered:
            request.apply_transition("acknowledge")
        db.session.commit()
        return request.id


def escalations(app, request_id):
    from addons.service_policy.models import ServiceEscalation, ServiceNotification

    with as_system(app):
        return (db.session.scalar(select(func.count()).select_from(ServiceEscalation)
                                  .where(ServiceEscalation.request_id == request_id)),
                db.session.scalar(select(func.count()).select_from(ServiceNotification)
                                  .where(ServiceNotification.request_id == request_id)))


def test_request_unanswered_after_24_hours_is_escalated_exactly_once(app):
    from addons.service_policy.jobs import escalate_sla

    breached = make_request(app, hours_ago=25)
    within = make_request(app, hours_ago=23)
    answered = make_request(app, hours_ago=30, answered=True)
    known = ids(app)
    for run in range(3):
        with as_system(app, known["gz"]):
            escalate_sla(known["gz"], f"run-{run}")
            db.session.commit()
    # one escalation, one notification for gz's one service manager (gz-manager)
    assert escalations(app, breached) == (1, 1)
    assert escalations(app, within) == (0, 0)
    assert escalations(app, answered) == (0, 0)


def test_scheduled_job_escalates_through_the_host_scheduler(app):
    breached = make_request(app, hours_ago=48)
    with app.app_context():
        first = run_scheduled("service_policy", "escalate_sla",
                              datetime.datetime(2030, 1, 1, 0, 0))
        again = run_scheduled("service_policy", "escalate_sla",
                              datetime.datetime(2030, 1, 1, 0, 5))
    assert first["gz"] == "done" and again["gz"] == "done"
    assert escalations(app, breached) == (1, 1)


def test_service_manager_reads_the_notification_other_users_do_not(app, client):
    from tests.fixtures import api_token

    breached = make_request(app, hours_ago=26)
    from addons.service_policy.jobs import escalate_sla

    known = ids(app)
    with as_system(app, known["gz"]):
        escalate_sla(known["gz"], "notify-test")
        db.session.commit()
    mine = client.get("/api/v1/service_notification/?q=(page_size:100)",
                      headers=api_token(client, "gz-manager")).json
    assert breached in {row["request_id"] for row in mine["result"]}
    theirs = client.get("/api/v1/service_notification/?q=(page_size:100)",
                        headers=api_token(client, "gz-tech1")).json
    assert breached not in {row["request_id"] for row in theirs["result"]}
