"""A faulty addon stops start-up loudly, naming the addon and its file."""
import pytest

from core import create_app
from core.addons import AddonError

from .test_addon_catalog import make_addon


def build(tmp_path):
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True,
                       "INSTANCE_DIR": str(tmp_path / "instance"),
                       "ADDONS_PATHS": [str(tmp_path / "addons")]})


def startup_refusal(tmp_path, addon: str, manager: str):
    """The refusal of an app whose addon ``addon`` has ``manager`` as its manager.py,
    and that addon's folder."""
    folder = make_addon(tmp_path / "addons", addon)
    (folder / "manager.py").write_text(manager)
    with pytest.raises(AddonError) as error:
        build(tmp_path)
    return str(error.value), folder


def test_exception_in_manager_stops_startup(tmp_path):
    message, folder = startup_refusal(tmp_path, "broken_manager", (
        "from flask_appbuilder.basemanager import BaseManager\n"
        "class AddonManager(BaseManager):\n"
        "    def register_views(self):\n"
        "        raise ValueError('no views today')\n"))
    assert "addon 'broken_manager'" in message
    assert "no views today" in message
    assert str(folder) in message


def test_a_menu_entry_for_a_page_without_a_title_stops_startup(tmp_path):
    message, _folder = startup_refusal(tmp_path, "untitled_menu", (
        "from core.base import ErpPage\n"
        "from core.loader import BaseAddonManager, Menu\n"
        "class UntitledPage(ErpPage):\n"
        "    pass\n"
        "class AddonManager(BaseAddonManager):\n"
        "    menu = Menu('Untitled', '', entries=((UntitledPage, 'fa-question'),))\n"))
    assert "addon 'untitled_menu'" in message
    assert "UntitledPage is in a menu but names no page" in message


def test_exception_in_models_stops_startup(tmp_path):
    folder = make_addon(tmp_path / "addons", "broken_models")
    (folder / "__init__.py").write_text("raise ImportError('missing driver')\n")
    with pytest.raises(AddonError, match="addon 'broken_models'.*missing driver"):
        build(tmp_path)


def test_manager_module_without_manager_class_is_refused(tmp_path):
    message, _folder = startup_refusal(tmp_path, "no_class", "x = 1\n")
    assert "has no BaseManager subclass 'AddonManager'" in message


def test_missing_dependency_stops_startup(tmp_path):
    make_addon(tmp_path / "addons", "lonely", depends=["nobody"])
    with pytest.raises(AddonError, match="'lonely' depends on 'nobody'"):
        build(tmp_path)
