"""Per-site settings: addon defaults, values per site, checked kinds."""
import datetime
import decimal

import pytest

from core import settings, sites
from core.extensions import db

from .fixtures import api_token, as_system


def test_default_until_a_site_sets_its_own(app):
    with as_system(app):
        gz, hq = sites.get_site("gz").id, sites.get_site("hq").id
        assert settings.get(gz, "fx_base.points_per_violation") == 2
        assert settings.get(gz, "fx_base.yuan_per_point") == decimal.Decimal("2.00")
        settings.set(gz, "fx_base.points_per_violation", 3)
        settings.set(gz, "fx_base.yuan_per_point", "2.5")
        db.session.commit()
        assert settings.get(gz, "fx_base.points_per_violation") == 3
        assert settings.get(gz, "fx_base.yuan_per_point") == decimal.Decimal("2.50")
        assert settings.get(hq, "fx_base.points_per_violation") == 2


@pytest.mark.parametrize("key, value", [
    ("fx_base.points_per_violation", "two"),
    ("fx_base.points_per_violation", True),
    ("fx_base.yuan_per_point", "lots"),
    ("fx_base.escalate", "yes"),
    ("fx_base.no_such_setting", 1),
])
def test_wrong_kind_or_unknown_key_is_refused(app, key, value):
    with as_system(app):
        with pytest.raises(settings.SettingError):
            settings.set(sites.get_site("gz").id, key, value)


def test_site_admin_sets_own_site_through_the_api(app, client):
    headers = api_token(client, "gz-admin")
    with as_system(app):
        gz, hq = sites.get_site("gz").id, sites.get_site("hq").id
    refused = client.post("/api/v1/site_setting/", headers=headers,
                          json={"key": "fx_base.cleanup_weekday", "value": 5})
    assert refused.status_code == 422 and "value" in refused.json["message"]
    stored = client.post("/api/v1/site_setting/", headers=headers,
                         json={"key": "fx_base.cleanup_weekday", "value": "thursday"})
    assert stored.status_code == 201, stored.json
    foreign = client.post("/api/v1/site_setting/", headers=headers,
                          json={"site_id": hq, "key": "fx_base.escalate", "value": False})
    assert foreign.status_code == 422
    effective = {row["key"]: row for row in client.get(
        "/api/v1/site_setting/effective", headers=headers).json["result"]}
    assert effective["fx_base.cleanup_weekday"]["value"] == "thursday"
    assert effective["fx_base.escalate"] == {"key": "fx_base.escalate", "default": True,
                                             "value": True, "is_default": True}
    with as_system(app):
        assert settings.get(gz, "fx_base.cleanup_weekday") == "thursday"
        assert settings.get(hq, "fx_base.cleanup_weekday") == "friday"


def test_a_number_outside_its_bounds_is_refused_naming_them(app):
    with as_system(app):
        gz = sites.get_site("gz").id
        for key, value, says in (
                ("service_policy.report_due_day", 29, "It takes a value from 1 to 28."),
                ("service_policy.report_due_day", 0, "It takes a value from 1 to 28."),
                ("service_policy.answer_within_hours", 0, "It takes 1 or more."),
                ("inspection_6s.best_count_for_reward", 6, "It takes a value from 1 to 5."),
                ("inspection_6s.yuan_per_point", "-0.01", "It takes 0.00 or more.")):
            with pytest.raises(settings.SettingError) as refused:
                settings.set(gz, key, value)
            assert str(refused.value) == f"{value} is not a valid value for {key}. {says}"
        settings.set(gz, "service_policy.report_due_day", 28)
        assert settings.get(gz, "service_policy.report_due_day") == 28
        db.session.rollback()


def test_a_time_and_a_weekday_are_checked_when_stored_and_read_as_the_code_uses_them(app):
    with as_system(app):
        gz = sites.get_site("gz").id
        assert settings.get(gz, "inspection_6s.cleanup_time") == datetime.time(18, 0)
        for key, value in (("inspection_6s.cleanup_time", "25:00"),
                           ("inspection_6s.cleanup_time", "6pm"),
                           ("inspection_6s.cleanup_weekday", "fryday")):
            with pytest.raises(settings.SettingError):
                settings.set(gz, key, value)
        settings.set(gz, "inspection_6s.cleanup_time", "7:30")
        settings.set(gz, "inspection_6s.cleanup_weekday", " Thursday ")
        assert settings.get(gz, "inspection_6s.cleanup_time") == datetime.time(7, 30)
        assert settings.get(gz, "inspection_6s.cleanup_weekday") == "thursday"
        db.session.rollback()


def test_a_value_stored_before_its_declaration_narrowed_is_read_as_the_default(app):
    """A site that stored a selection time as free text before times were checked
    (``whenever``) gets the default, 20:00, not a failed job."""
    from core.settings import SiteSetting

    with as_system(app):
        gz = sites.get_site("gz").id
        db.session.add(SiteSetting(site_id=gz, key="inspection_6s.selection_time",
                                   value="whenever"))
        db.session.flush()
        assert settings.get(gz, "inspection_6s.selection_time") == datetime.time(20, 0)
        db.session.rollback()
