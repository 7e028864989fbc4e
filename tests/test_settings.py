"""Per-site settings: addon defaults, values per site, checked kinds."""
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
