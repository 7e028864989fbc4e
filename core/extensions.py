"""Extensions created unbound; ``core.create_app`` binds them.

There is deliberately no module-level AppBuilder: it keeps per-app state (views,
menu, security manager), so each app gets its own, reachable as
``current_app.appbuilder``.
"""
from flask_appbuilder.utils.legacy import get_sqla_class
from flask_wtf.csrf import CSRFProtect

from core import sqlite  # noqa: F401 - foreign keys on every SQLite connection

db = get_sqla_class()()
csrf = CSRFProtect()
