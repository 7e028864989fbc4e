"""Finding, checking and ordering addons from their manifests (no app needed)."""
import os

import pytest

from core import addons
from core.addons import AddonError

GOOD = {"name": "x", "version": "1.0.0", "summary": "s", "depends": [], "license": "L"}


def make_addon(root, name, **manifest):
    folder = root / name
    folder.mkdir(parents=True)
    data = dict(GOOD, name=name)
    data.update(manifest)
    (folder / "__manifest__.py").write_text(repr(data))
    (folder / "__init__.py").write_text("")
    return folder


def test_manifest_is_read_without_running_code(tmp_path):
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "__manifest__.py").write_text("__import__('os').system('false') or {}")
    with pytest.raises(AddonError, match="not one literal dict"):
        addons.read_manifest(str(folder / "__manifest__.py"), "quiet")


@pytest.mark.parametrize("change, message", [
    ({"version": None}, "'version' must be str"),
    ({"version": "1.0"}, "not breaking.feature.fix"),
    ({"depends": "base"}, "'depends' must be list"),
    ({"colour": "red"}, "unknown keys 'colour'"),
    ({"name": "other"}, "differs from its package 'x'"),
    ({"schedules": [{"name": "j", "function": "jobs:j", "every": 5, "period": "year"}]},
     "period must be one of"),
    ({"schedules": [{"function": "jobs:j", "period": "day"}]}, r"schedule \? lacks 'name'"),
    ({"settings": {"rate": {"type": "float", "default": 1.5}}},
     "setting rate: type must be one of"),
    ({"settings": {"days": {"default": 7}}},
     r"setting days: must be \{'type': …, 'default': …\}"),
    ({"settings": {"fee": {"type": "money"}}}, r"setting fee: must be \{'type': …, 'default': …\}"),
    ({"settings": {"fee": {"type": "money", "default": 5}}},
     "setting fee: default 5 is not a money"),
    ({"settings": {"area": {"type": "str", "default": "x", "min": 1}}},
     "setting area: only int and money settings have a min or a max"),
    ({"settings": {"day": {"type": "int", "default": 30, "min": 1, "max": 28}}},
     "setting day: default 30 is outside its min and max"),
    ({"settings": {"day": {"type": "int", "default": 3, "min": "first"}}},
     "setting day: min 'first' is not a int"),
    ({"settings": {"at": {"type": "time", "default": "6pm"}}},
     "setting at: default '6pm' is not a time"),
    ({"settings": {"on": {"type": "weekday", "default": "Friday"}}},
     "setting on: default 'Friday' is not a weekday"),
    ({"category": "Service"}, "unknown keys 'category'"),
])
def test_bad_manifest_is_refused_naming_addon_and_file(tmp_path, change, message):
    data = dict(GOOD, **change)
    path = tmp_path / "__manifest__.py"
    path.write_text(repr(data))
    with pytest.raises(AddonError, match=message) as error:
        addons.read_manifest(str(path), "x")
    assert str(path) in str(error.value)


def test_what_a_manifest_leaves_out_is_filled_in(tmp_path):
    path = tmp_path / "__manifest__.py"
    path.write_text(repr(dict(
        GOOD,
        schedules=[{"name": "remind", "period": "day"},
                   {"name": "report", "function": "care:report", "every": 60, "period": "day"}],
        home_panels=[{"name": "queue", "view": "QueueView", "permission": "can_list"}])))
    manifest = addons.read_manifest(str(path), "x")
    assert manifest["schedules"] == [
        {"name": "remind", "function": "jobs:remind", "every": 3600, "period": "day"},
        {"name": "report", "function": "care:report", "every": 60, "period": "day"}]
    assert manifest["home_panels"][0]["function"] == "home:queue"


def test_missing_required_key(tmp_path):
    path = tmp_path / "__manifest__.py"
    path.write_text(repr({k: v for k, v in GOOD.items() if k != "license"}))
    with pytest.raises(AddonError, match="missing key 'license'"):
        addons.read_manifest(str(path), "x")


def test_dependencies_come_first_and_ties_by_name(tmp_path):
    make_addon(tmp_path, "c_top", depends=["b_mid", "a_low"])
    make_addon(tmp_path, "b_mid", depends=["a_low"])
    make_addon(tmp_path, "a_low")
    make_addon(tmp_path, "z_alone")
    found = addons.discover([str(tmp_path)], project_dir=None, use_entry_points=False)
    assert [a.name for a in addons.order(found)] == ["a_low", "b_mid", "c_top", "z_alone"]
    assert addons.closure(["c_top"], found) == ["a_low", "b_mid", "c_top"]
    assert addons.dependents("a_low", found) == ["b_mid", "c_top"]


def test_missing_dependency_names_addon_and_file(tmp_path):
    folder = make_addon(tmp_path, "needy", depends=["ghost"])
    found = addons.discover([str(tmp_path)], project_dir=None, use_entry_points=False)
    with pytest.raises(AddonError, match="'needy' depends on 'ghost'") as error:
        addons.order(found)
    assert str(folder / "__manifest__.py") in str(error.value)


def test_dependency_cycle_is_refused(tmp_path):
    make_addon(tmp_path, "egg", depends=["hen"])
    make_addon(tmp_path, "hen", depends=["egg"])
    found = addons.discover([str(tmp_path)], project_dir=None, use_entry_points=False)
    with pytest.raises(AddonError, match="dependency cycle egg -> hen -> egg"):
        addons.order(found)


def test_same_name_twice_is_refused(tmp_path):
    make_addon(tmp_path / "one", "twin")
    make_addon(tmp_path / "two", "twin")
    with pytest.raises(AddonError, match="'twin' is installed twice"):
        addons.discover([str(tmp_path / "one"), str(tmp_path / "two")],
                        project_dir=None, use_entry_points=False)


def test_entry_point_addon_is_found():
    # tests/fixtures.py puts tests/fixture_site (fx_entry + its dist-info) on sys.path
    found = addons.discover([], project_dir=None, use_entry_points=True)
    assert found["fx_entry"].version == "0.3.1"
    assert found["fx_entry"].path.endswith(os.path.join("fixture_site", "fx_entry"))
