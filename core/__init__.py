"""The host: one app factory that finds the installed addons and wires them in."""
from __future__ import annotations

import os

from flask import Flask
from flask_appbuilder import AppBuilder
from jinja2 import ChoiceLoader, FileSystemLoader

from core import addons as addon_catalog
from core import config as erp_config
from core.extensions import csrf, db
from core.json_provider import OrjsonProvider

HOST_I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")


def create_app(config=None) -> Flask:
    """Build the app: ``config`` is a dict or an importable object name of overrides."""
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    erp_config.load(app, config)
    catalog = addon_catalog.discover(
        app.config["ADDONS_PATHS"],
        project_dir=app.config.get("PROJECT_ADDONS_DIR", addon_catalog.PROJECT_ADDONS_DIR),
        use_entry_points=app.config.get("ADDONS_ENTRY_POINTS", True),
    )
    ordered = addon_catalog.order(catalog)
    app.extensions["erp_addons"] = {addon.name: addon for addon in ordered}
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        [HOST_I18N_DIR] + _addon_folders(ordered, "i18n"))
    # an addon's pages find their templates (``<addon>/templates/<addon>/…``) after
    # the host's own, whichever view renders them
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader] + [FileSystemLoader(folder)
                              for folder in _addon_folders(ordered, "templates")])

    # scope and audit install ORM hooks when imported
    from core import (audit, errors, events, export, fab_workarounds, hardening,  # noqa: F401
                      happened, home, jobs, listargs, reports, scope, sequences, settings,
                      storage, validation, views)
    from core.loader import AddonMap, load_addon
    from core.security import addon_gate, api_not_found
    from core.fab_workarounds import validate_rison_schemas_once

    validate_rison_schemas_once()

    addon_map = app.extensions["erp_addon_map"] = AddonMap()
    with app.app_context():
        db.init_app(app)
        # before AppBuilder, else the API login answers 400 "CSRF token missing"
        csrf.init_app(app)
        appbuilder = AppBuilder()
        appbuilder.init_app(app, db.session)
        views.register(appbuilder)
        for addon in ordered:
            load_addon(appbuilder, addon, addon_map)
        app.extensions["erp_views_by_blueprint"] = {
            view.blueprint.name: view for view in appbuilder.baseviews
            if getattr(view, "blueprint", None) is not None}
        # after FAB's own before_request, which sets g.user
        app.before_request(addon_gate)
        listargs.init_app(app)  # after the gate: a disabled addon's list stays a 404
        app.register_error_handler(404, api_not_found)
        events.init_app(app, ordered)
        reports.init_app(app, ordered)
        hardening.init_app(app)
        storage.init_app(app)
        errors.init_app(app)  # last: the handlers above still answer under /api/
        export.init_app(app)
        home.init_app(app, ordered)
        jobs.init_app(app, ordered)
    from core.cli import register_commands
    register_commands(app)
    return app


def _addon_folders(addons, name: str) -> list[str]:
    """The addons' own folders called ``name`` (``i18n``, ``templates``), in their order."""
    return [folder for folder in (os.path.join(addon.path, name) for addon in addons)
            if os.path.isdir(folder)]
