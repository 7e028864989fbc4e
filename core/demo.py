"""Demo data of the contract: sites, dealers, users; then each addon's own.

Idempotent: what exists is left as it is.  The sites and the addons each enables
are configuration (``DEMO_SITES``): the host names no addon.  An addon adds its
data through the manifest key ``"demo": "module:function"``, called as
``function(site_id=…)`` for each demo site that enables it, inside
``system_context(site_id)``, after its default data (manifest ``data``) is there.
"""
from __future__ import annotations

import importlib

from sqlalchemy import select

from core import data, sites
from core.context import system_context
from core.demo_language import demo_is_chinese, demo_text
from core.extensions import db
from core.models import Dealer, ErpUser, Site

DEALERS = [
    {"site": "gz", "code": "dealer-a", "name": ("Dealer A (Panyu service shop)",
                                                 "番禺销售服务店"),
     "region": ("Panyu", "番禺")},
    {"site": "gz", "code": "dealer-b", "name": ("Dealer B (Huadu repair station)",
                                                 "花都特约维修站"),
     "region": ("Huadu", "花都")},
]
# username, role, site, dealer, (first name, last name) in English and in Chinese
USERS = [
    ("admin", "System Admin", None, None, ("Jun", "Zhou"), ("周", "军")),
    ("gz-admin", "Site Admin", "gz", None, ("Min", "Huang"), ("黄", "敏")),
    ("gz-manager", "Service Manager", "gz", None, ("Qiang", "Liu"), ("刘", "强")),
    ("gz-qa", "Quality", "gz", None, ("Fang", "Chen"), ("陈", "芳")),
    ("gz-hr", "HR", "gz", None, ("Li", "Zhao"), ("赵", "丽")),
    ("gz-finance", "Finance", "gz", None, ("Jing", "Sun"), ("孙", "静")),
    ("gz-tech1", "Technician", "gz", None, ("Wei", "Zhang"), ("张", "伟")),
    ("gz-tech2", "Technician", "gz", None, ("Lei", "Wang"), ("王", "磊")),
    ("dealer-a", "Dealer", "gz", "dealer-a", ("Hua", "He"), ("何", "华")),
    ("dealer-b", "Dealer", "gz", "dealer-b", ("Ping", "Luo"), ("罗", "平")),
    ("hq-manager", "Service Manager", "hq", None, ("Gang", "Xu"), ("徐", "刚")),
]


def _site(code: str, name: str) -> Site:
    site = db.session.execute(select(Site).filter_by(code=code)).scalar_one_or_none()
    return site or sites.create_site(code, name)


def _dealer(site: Site, code: str, name: str, region: str) -> Dealer:
    dealer = db.session.execute(
        select(Dealer).filter_by(site_id=site.id, code=code)).scalar_one_or_none()
    if dealer is None:
        dealer = Dealer(site_id=site.id, code=code, name=name, region=region)
        db.session.add(dealer)
        db.session.flush()
    return dealer


def load(app) -> None:
    with system_context(None):
        _load(app)


def _load(app) -> None:
    installed = sites.installed()
    by_code = {}
    for spec in app.config["DEMO_SITES"]:
        site = by_code[spec["code"]] = _site(spec["code"], demo_text(*spec["name"]))
        for addon in spec["addons"]:
            if addon in installed and addon not in sites.enabled_addons(site.id):
                sites.enable(site, addon, user="demo")
    dealers = {spec["code"]: _dealer(by_code[spec["site"]], spec["code"],
                                     demo_text(*spec["name"]), demo_text(*spec["region"]))
               for spec in DEALERS}
    security = app.appbuilder.sm
    for username, role_name, site_code, dealer_code, english, chinese in USERS:
        if security.find_user(username=username):
            continue
        first, last = chinese if demo_is_chinese() else english
        role = security.find_role(role_name) or security.add_role(role_name)
        user = security.add_user(username, first, last, f"{username}@example.com", role,
                                 password="admin" if username == "admin" else "demo")
        if user is False:
            raise RuntimeError(f"cannot create demo user {username}")
        user = db.session.get(ErpUser, user.id)
        user.site_id = by_code[site_code].id if site_code else None
        user.dealer_id = dealers[dealer_code].id if dealer_code else None
    db.session.flush()
    for addon in installed.values():
        on_sites = [site for site in by_code.values()
                    if addon.name in sites.enabled_addons(site.id)]
        for site in on_sites:  # a site enabled before the addon shipped its data
            data.load(addon.name, site.id)
        hook = addon.get("demo")
        if not hook:
            continue
        module_name, _, function_name = hook.partition(":")
        function = getattr(importlib.import_module(f"{addon.module}.{module_name}"),
                           function_name)
        for site in on_sites:
            with system_context(site.id):
                function(site_id=site.id)
    db.session.flush()
