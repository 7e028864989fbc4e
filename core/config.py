"""Configuration in layers: defaults, ``ERP_*`` variables, ``ERP_CONFIG``, caller.

The variables are a table rather than Flask's ``from_prefixed_env``: that keeps the
variable's own name and parses values as JSON, while ours name other settings
(``ERP_DATABASE_URL`` is ``SQLALCHEMY_DATABASE_URI``) and are read as written.
"""
from __future__ import annotations

import os

# environment variable -> (setting, how to read it)
ENVIRONMENT = {
    "ERP_DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "ERP_BROKER_URL": ("CELERY_BROKER_URL", str),
    "ERP_RESULT_BACKEND": ("CELERY_RESULT_BACKEND", str),
    "ERP_SECRET_KEY": ("SECRET_KEY", str),
    "ERP_STORAGE_DIR": ("STORAGE_DIR", str),
    "ERP_STORAGE_URL": ("STORAGE_URL", str),
    "ERP_ADDONS_PATHS": ("ADDONS_PATHS", lambda v: [p for p in v.split(":") if p]),
    "ERP_PORT": ("PORT", int),
}


def load(app, config=None) -> None:
    app.config.from_object("config.default")
    for variable, (setting, parse) in ENVIRONMENT.items():
        if os.environ.get(variable):
            app.config[setting] = parse(os.environ[variable])
    if os.environ.get("ERP_CONFIG"):
        app.config.from_pyfile(os.path.abspath(os.environ["ERP_CONFIG"]))
    if isinstance(config, str):
        app.config.from_object(config)
    elif config:
        app.config.update(config)
    if "ERP_BROKER_URL" in os.environ and "ERP_RESULT_BACKEND" not in os.environ \
            and not os.environ["ERP_BROKER_URL"].startswith("sqla+"):
        # a real broker carries results too (redis) or needs none (amqp: rpc)
        broker = os.environ["ERP_BROKER_URL"]
        app.config["CELERY_RESULT_BACKEND"] = broker if broker.startswith("redis") else "rpc://"
    os.makedirs(app.config["INSTANCE_DIR"], exist_ok=True)
