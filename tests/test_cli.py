"""The ``erp`` commands of the contract, run through Flask's CLI runner."""
import json

import pytest

pytestmark = pytest.mark.usefixtures("restore_switches")


def test_addons_list_json_with_site(runner):
    result = runner.invoke(args=["addons", "list", "--site", "gz", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert rows["fx_child"]["depends"] == ["fx_base"]
    assert rows["fx_child"]["version"] == "1.2.0"
    assert rows["fx_child"]["enabled"] is True
    assert rows["fx_entry"]["enabled"] is False


def test_addons_list_json_without_site_has_no_enabled_key(runner):
    result = runner.invoke(args=["addons", "list", "--json"])
    rows = json.loads(result.output)
    assert {"fx_base", "fx_child", "fx_entry"} <= {row["name"] for row in rows}
    assert all("enabled" not in row for row in rows)


def test_enable_and_disable(runner):
    result = runner.invoke(args=["addons", "enable", "fx_child", "--site", "hq"])
    assert result.exit_code == 0, result.output
    assert "fx_base, fx_child" in result.output
    refused = runner.invoke(args=["addons", "disable", "fx_base", "--site", "hq"])
    assert refused.exit_code == 1
    assert "fx_child depends on it" in refused.output
    assert runner.invoke(args=["addons", "disable", "fx_child", "--site", "hq"]).exit_code == 0
    assert runner.invoke(args=["addons", "disable", "fx_base", "--site", "hq"]).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["addons", "enable", "ghost", "--site", "gz"], "Unknown addon 'ghost'"),
    (["addons", "disable", "fx_base", "--site", "mars"], "Unknown site 'mars'"),
    (["addons", "list", "--site", "mars"], "Unknown site 'mars'"),
])
def test_unknown_names_exit_1_with_a_message(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_sites_create_and_list(runner):
    created = runner.invoke(args=["sites", "create", "sz", "--name", "Shenzhen branch"])
    assert created.exit_code == 0, created.output
    again = runner.invoke(args=["sites", "create", "sz", "--name", "Shenzhen branch"])
    assert again.exit_code == 1 and "exists already" in again.output
    listed = runner.invoke(args=["sites", "list"]).output
    assert "sz\tShenzhen branch\tAsia/Shanghai" in listed


def test_db_check_agrees_after_upgrade(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "agree" in result.output
