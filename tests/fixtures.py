"""Shared fixtures, loaded for every test by the root conftest.py: one migrated
database per session with the demo data and the fixture addons, the app, clients
and login helpers.

SQLite always; PostgreSQL when ``ERP_TEST_DATABASE_URL`` is set; a real Celery
broker when ``ERP_TEST_BROKER_URL`` is set (else the embedded SQLite broker).
"""
from __future__ import annotations

import contextlib
import os
import sys

import pytest
from sqlalchemy import create_engine, text

from core.context import system_context

TESTS_DIR = os.path.dirname(__file__)
FIXTURE_ADDONS = os.path.join(TESTS_DIR, "fixture_addons")
# a folder with fx_entry and its dist-info: importlib.metadata finds the entry point
FIXTURE_SITE = os.path.join(TESTS_DIR, "fixture_site")
if FIXTURE_SITE not in sys.path:
    sys.path.insert(0, FIXTURE_SITE)


#: a slow walk that reads the whole app the same way on any database runs once: in the
#: second pass when make test runs one beside this pass (tests/run_passes.sh sets
#: ERP_TEST_OTHER_PASS in the first), else here
in_one_pass = pytest.mark.skipif(
    os.environ.get("ERP_TEST_OTHER_PASS") == "1",
    reason="runs once, in the pass make test runs beside this one (PostgreSQL)")

def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("instance"))


@pytest.fixture(scope="session")
def app_config(instance_dir) -> dict:
    database_url = os.environ.get("ERP_TEST_DATABASE_URL")
    if database_url:
        _reset_postgres(database_url)
    else:
        database_url = "sqlite:///" + os.path.join(instance_dir, "erp.db")
    broker_url = os.environ.get("ERP_TEST_BROKER_URL") or (
        "sqla+sqlite:///" + os.path.join(instance_dir, "broker.db"))
    if broker_url.startswith("sqla+"):
        backend = "db+sqlite:///" + os.path.join(instance_dir, "results.db")
    elif broker_url.startswith("redis"):
        backend = broker_url
    else:
        backend = "rpc://"
    return {
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        # messages asserted by the tests are the English originals
        "BABEL_DEFAULT_LOCALE": "en",
        "SECRET_KEY": "testing-secret-key-of-at-least-32-bytes",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": backend,
        "INSTANCE_DIR": instance_dir,
        "STORAGE_DIR": os.path.join(instance_dir, "files"),
        "ADDONS_PATHS": [FIXTURE_ADDONS],
    }


@pytest.fixture(scope="session")
def app(app_config):
    from core import create_app, migrate
    from core.demo import load
    from core.extensions import db
    from core.models import ErpUser
    from core import sites

    app = create_app(app_config)
    with app.app_context(), system_context(None):
        migrate.upgrade(app)
        load(app)
        gz, hq = sites.get_site("gz"), sites.get_site("hq")
        sites.enable(gz, "fx_child")  # pulls in fx_base
        security = app.appbuilder.sm
        admin_role = security.find_role(app.config["AUTH_ROLE_ADMIN"])
        for username, site in (("gz-root", gz), ("hq-root", hq)):
            if not security.find_user(username=username):
                user = security.add_user(username, username, "root",
                                         f"{username}@example.com", admin_role,
                                         password="root")
                db.session.get(ErpUser, user.id).site_id = site.id
        db.session.commit()
    return app


@pytest.fixture(autouse=True)
def _fresh_session(request):
    yield
    if "app" in request.fixturenames:
        from core.extensions import db

        app = request.getfixturevalue("app")
        with app.app_context():
            db.session.rollback()
            db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def restore_switches(app):
    """Put every site's addon switches back as they were after the test."""
    from core.extensions import db
    from core.models import SiteAddon

    with app.app_context(), system_context(None):
        before = {(row.site_id, row.addon): row.enabled
                  for row in db.session.query(SiteAddon).all()}
    yield
    with app.app_context(), system_context(None):
        for row in db.session.query(SiteAddon).all():
            key = (row.site_id, row.addon)
            if key in before:
                row.enabled = before[key]
            else:
                row.enabled = False
        db.session.commit()


@contextlib.contextmanager
def as_system(app, site_id=None):
    """Act as the system (all sites, or one) inside the app: for test set-up."""
    with app.app_context(), system_context(site_id):
        yield


@contextlib.contextmanager
def in_chinese(app):
    """Inside a request of a reader who asks for Chinese (zh_CN), the translations
    read afresh: for tests of what a catalogue says."""
    import flask_babel

    with app.test_request_context("/?_l_=zh_CN"):
        flask_babel.refresh()
        yield


def login(client, username, password="demo"):
    """Log ``client`` in through the login form (session cookie)."""
    response = client.post("/login/", data={"username": username, "password": password})
    assert response.status_code == 302, response.data
    return client


def api_token(client, username, password="demo") -> dict:
    response = client.post("/api/v1/security/login", json={
        "username": username, "password": password, "provider": "db"})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def race_transition(app, database_url, model, row_id, action) -> list[str]:
    """Two connections apply ``action`` to the same row of ``model`` at the same
    moment and commit; what each got (``"won"`` or ``"stale"``): one of each when the
    row's version lets exactly one win."""
    import threading

    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    engine = create_engine(database_url)
    barrier = threading.Barrier(2)
    outcomes = []

    def apply():
        with app.app_context(), system_context(None), Session(engine) as session:
            row = session.get(model, row_id)
            row.apply_transition(action)
            barrier.wait()
            try:
                session.commit()
                outcomes.append("won")
            except StaleDataError:
                session.rollback()
                outcomes.append("stale")

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    engine.dispose()
    return outcomes


def compile_catalogue(app, test_file: str) -> None:
    """Compile the catalogue of the addon that ``test_file`` tests (what `make i18n`
    does), and drop the translations the session's app may have cached before."""
    import subprocess

    import flask_babel

    addon_dir = os.path.dirname(os.path.dirname(os.path.abspath(test_file)))
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "compile",
                    "-d", os.path.join(addon_dir, "i18n")], check=True)
    with app.app_context():
        getattr(flask_babel.get_domain(), "cache", {}).clear()
