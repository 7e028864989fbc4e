"""Wiring installed addons into one app, in dependency order.

FAB's own ``ADDON_MANAGERS`` hook logs and swallows an addon's exception and boots
without it; the host runs the managers itself so that any fault stops start-up
with the addon's name and file.  While an addon's manager runs, the host notes
which views, APIs and menu items it adds: that map is what the addon gate uses.
"""
from __future__ import annotations

import importlib
import inspect
import os
import traceback
from dataclasses import dataclass

from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext

from core import data
from core.addons import Addon, AddonError


class AddonMap:
    """Which addon owns each blueprint, permission view name and menu item."""

    def __init__(self) -> None:
        self.by_blueprint: dict[str, str] = {}
        self.by_view_name: dict[str, str] = {}
        self.by_menu_name: dict[str, str] = {}

    def owner_of_view(self, view_name: str) -> str | None:
        return self.by_view_name.get(view_name) or self.by_menu_name.get(view_name)


@dataclass(frozen=True)
class Menu:
    """A menu category and its entries, in order: ``(view class, icon)`` adds the
    view's page under the name it declares (``core.base.Named``: its first title),
    ``(View.method, name, icon)`` a link to another page of a view (by its endpoint,
    so the route is written once, where it is exposed), ``(href, name, icon)`` a link
    elsewhere.  A name is English, marked ``N_("…")`` so that it is extracted into the
    addon's catalogue, and shown translated; so is the category's, unless it has a
    ``label`` of its own."""

    category: str
    icon: str
    entries: tuple
    label: str | None = None


class BaseAddonManager(BaseManager):
    """An addon's manager as data: ``register_views`` adds its ``menu``, then its
    ``views_without_menu`` (pages reached from others), then its REST ``apis``."""

    menu = Menu("", "", ())
    views_without_menu: tuple = ()
    apis: tuple = ()

    def register_views(self):
        add_menu(self.appbuilder, self.menu)
        for view in self.views_without_menu:
            self.appbuilder.add_view_no_menu(view)
        for api in self.apis:
            self.appbuilder.add_api(api)


def add_menu(appbuilder, menu: Menu) -> None:
    """The pages and links of ``menu``, in its order."""
    category_label = lazy_gettext(menu.category) if menu.label is None else menu.label
    for entry in menu.entries:
        if len(entry) == 2:
            target, icon = entry
            name = target.menu_title()
        else:
            target, name, icon = entry
        if not name:
            raise TypeError(f"{target.__name__} is in a menu but names no page: give it "
                            f"titles")
        options = {"label": lazy_gettext(name), "icon": icon, "category": menu.category,
                   "category_label": category_label, "category_icon": menu.icon}
        if inspect.isclass(target):
            appbuilder.add_view(target, name, **options)
        else:
            appbuilder.add_link(name, href=_endpoint_of(target), **options)


def _endpoint_of(target) -> str:
    """A link's target as FAB's menu takes it: a view's page method by its endpoint
    (``ContractDocumentView.retention``, found by ``url_for``), else the href itself."""
    if isinstance(target, str):
        return target
    view_name = target.__qualname__.rpartition(".")[0]
    return f"{view_name}.{target.__name__}"


def _menu_names(menu) -> set[str]:
    names = set()
    for item in menu.get_list():
        names.add(item.name)
        for child in item.childs:
            names.add(child.name)
    return names


def _import(addon: Addon, dotted: str):
    try:
        return importlib.import_module(dotted)
    except Exception as exc:  # any fault in addon code stops start-up
        raise AddonError(
            f"addon '{addon.name}': importing {dotted} ({addon.path}) failed: "
            f"{exc.__class__.__name__}: {exc}\n{traceback.format_exc()}"
        ) from exc


def addon_function(addon: Addon, target: str):
    """The function a manifest names as ``module:function`` in ``addon``."""
    module_name, _, function_name = target.partition(":")
    return getattr(_import(addon, f"{addon.module}.{module_name}"), function_name)


def declared_functions(ordered_addons, key: str) -> dict[str, list[tuple]]:
    """For a manifest key that maps names to ``module:function`` (``events``,
    ``report_figures``): name -> [(addon name, function)], in the addons' order."""
    declared = {}
    for addon in ordered_addons:
        for name, target in (addon.get(key) or {}).items():
            declared.setdefault(name, []).append((addon.name, addon_function(addon, target)))
    return declared


def _manager_class(addon: Addon):
    spec = addon.get("manager", "manager:AddonManager")
    module_name, _, class_name = spec.partition(":")
    file = os.path.join(addon.path, module_name.replace(".", os.sep) + ".py")
    if "manager" not in addon.manifest and not os.path.exists(file):
        return None
    module = _import(addon, f"{addon.module}.{module_name}")
    cls = getattr(module, class_name, None)
    if not (inspect.isclass(cls) and issubclass(cls, BaseManager)):
        raise AddonError(
            f"addon '{addon.name}': {file} has no BaseManager subclass '{class_name}'"
        )
    return cls


def load_addon(appbuilder, addon: Addon, addon_map: AddonMap) -> None:
    """Import the addon's models and run its manager, noting what it registers."""
    _import(addon, addon.module)
    try:
        data.check(addon)
    except data.DataFileError as exc:
        raise AddonError(f"addon '{addon.name}': {exc}") from exc
    cls = _manager_class(addon)
    if cls is None:
        return
    views_before = {id(view) for view in appbuilder.baseviews}
    menu_before = _menu_names(appbuilder.menu)
    try:
        manager = cls(appbuilder)
        manager.pre_process()
        manager.register_views()
        manager.post_process()
    except Exception as exc:
        raise AddonError(
            f"addon '{addon.name}': its manager {cls.__module__}.{cls.__name__} "
            f"({addon.path}) failed: {exc.__class__.__name__}: {exc}\n"
            f"{traceback.format_exc()}"
        ) from exc
    appbuilder.addon_managers[addon.name] = manager
    for view in appbuilder.baseviews:
        if id(view) in views_before:
            continue
        addon_map.by_blueprint[view.blueprint.name] = addon.name
        addon_map.by_view_name[view.class_permission_name] = addon.name
    for name in _menu_names(appbuilder.menu) - menu_before:
        addon_map.by_menu_name[name] = addon.name
