"""Appeals: once, within ``appeal_days`` (7) local calendar days after HR's decision.

Decision: the period counts whole days in the site's time zone.  A decision taken
on day D (local) may be appealed through day D+7 23:59:59 local; from D+8 00:00
local the appeal is late.  So exactly 7×24 hours after the decision is still in
time, and so is anything later that same local day.
"""
import datetime

from core import settings
from core.extensions import db
from core.models import utcnow
from tests.fixtures import api_token, as_system

from addons.technician_penalty.models import PenaltyRecord
from addons.technician_penalty.models.penalty_record import appeal_last_day, appeal_open

from .common import SHANGHAI, act, finalise, gz_id, make_person

UTC = datetime.timezone.utc


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args)


def test_appeal_period_counts_local_days_in_shanghai():
    # 2026-11-02 20:00 UTC is 3 November 04:00 in Shanghai: the last day is 10 November
    decided = utc(2026, 11, 2, 20, 0)
    assert appeal_last_day(decided, "Asia/Shanghai", 7) == datetime.date(2026, 11, 10)
    # 10 November 23:59:59 in Shanghai: still in time
    assert appeal_open(decided, utc(2026, 11, 10, 15, 59, 59), "Asia/Shanghai", 7)
    # 11 November 00:00 in Shanghai: late
    assert not appeal_open(decided, utc(2026, 11, 10, 16, 0, 0), "Asia/Shanghai", 7)
    # counted in UTC the same decision would have closed a day earlier
    assert appeal_last_day(decided, "UTC", 7) == datetime.date(2026, 11, 9)
    assert not appeal_open(decided, utc(2026, 11, 10, 10, 0), "UTC", 7)
    assert appeal_open(decided, utc(2026, 11, 10, 10, 0), "Asia/Shanghai", 7)


def test_appeal_exactly_seven_days_after_the_decision_is_in_time():
    decided = utc(2026, 11, 3, 2, 0)
    assert appeal_open(decided, decided + datetime.timedelta(days=7), "Asia/Shanghai", 7)
    assert not appeal_open(decided, decided + datetime.timedelta(days=8), "Asia/Shanghai", 7)


def _decided_on(app, record_id, moment_utc):
    with as_system(app):
        row = db.session.get(PenaltyRecord, record_id)
        row.decided_at = moment_utc
        db.session.commit()


def _local_midnight(days_ago: int) -> datetime.datetime:
    today = datetime.datetime.now(SHANGHAI).date() - datetime.timedelta(days=days_ago)
    moment = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=SHANGHAI)
    return moment.astimezone(UTC).replace(tzinfo=None)


def test_appeal_on_the_seventh_local_day_is_accepted(client, app):
    technician = make_person(app, "tp-appeal-tech")
    headers = api_token(client, "tp-appeal-tech")
    record_id = finalise(client, app, technician, "P-LATE")
    # decided at 00:00 local seven days ago: more than 7×24 h, still the 7th day
    _decided_on(app, record_id, _local_midnight(7))
    response = act(client, headers, record_id, "appeal", reason="The road was closed.")
    assert response.status_code == 200, response.json


def test_appeal_on_the_eighth_local_day_is_refused_with_the_reason(client, app):
    technician = make_person(app, "tp-appeal-tech")
    headers = api_token(client, "tp-appeal-tech")
    record_id = finalise(client, app, technician, "P-LATE")
    # decided at 23:59:59 local eight days ago: less than 8×24 h, but the 8th day
    _decided_on(app, record_id, _local_midnight(7) - datetime.timedelta(seconds=1))
    response = act(client, headers, record_id, "appeal", reason="Too late?")
    assert response.status_code == 409
    last_day = (datetime.datetime.now(SHANGHAI).date() - datetime.timedelta(days=1))
    assert response.json["message"] == (
        f"The appeal period of 7 days after HR's decision ended on {last_day.isoformat()}.")


def test_appeal_period_is_a_site_setting(client, app):
    technician = make_person(app, "tp-appeal-tech")
    headers = api_token(client, "tp-appeal-tech")
    record_id = finalise(client, app, technician, "P-LATE")
    _decided_on(app, record_id, utcnow() - datetime.timedelta(days=4))
    with as_system(app, gz_id(app)):
        settings.set(gz_id(app), "technician_penalty.appeal_days", 3)
        db.session.commit()
    try:
        refused = act(client, headers, record_id, "appeal", reason="late")
        assert refused.status_code == 409 and "3 days" in refused.json["message"]
    finally:
        with as_system(app, gz_id(app)):
            settings.set(gz_id(app), "technician_penalty.appeal_days", 7)
            db.session.commit()
    assert act(client, headers, record_id, "appeal", reason="in time").status_code == 200


def test_appeal_hr_amends_or_annuls_and_a_second_appeal_is_refused(client, app):
    technician = make_person(app, "tp-appeal-tech")
    tech, hr = api_token(client, "tp-appeal-tech"), api_token(client, "gz-hr")
    amended = finalise(client, app, technician, "P-DISOBEY")
    act(client, tech, amended, "appeal", reason="I was told to stay by the manager.")
    assert act(client, hr, amended, "hr_amend", sanction="fine", amount="100.00",
               reason="same").status_code == 422
    response = act(client, hr, amended, "hr_amend", sanction="fine", amount="50.00",
                   reason="Partly confirmed by the manager.")
    assert response.status_code == 200, response.json
    result = response.json["result"]
    assert (result["state"], result["final_amount"]) == ("final", "50.00")
    second = act(client, tech, amended, "appeal", reason="Still unfair.")
    assert second.status_code == 409 and "once" in second.json["message"]

    annulled = finalise(client, app, technician, "P-PHONE", decision={"phone_option": "forfeit"})
    act(client, tech, annulled, "appeal", reason="The phone was being repaired.")
    from .common import listening

    with listening(app, "technician_penalty.phone_allowance_restored") as heard:
        done = act(client, hr, annulled, "hr_annul", reason="Repair receipt shown.")
    assert done.json["result"]["state"] == "annulled"
    assert [event["record_id"] for event in heard] == [annulled]
    assert act(client, tech, annulled, "appeal", reason="again").status_code == 409


def test_appeal_only_by_the_technician_concerned(client, app):
    technician = make_person(app, "tp-appeal-tech")
    record_id = finalise(client, app, technician, "P-LATE")
    for username in ("gz-hr", "gz-manager", "gz-admin"):
        response = act(client, api_token(client, username), record_id, "appeal",
                       reason="on their behalf")
        assert response.status_code == 403, username
