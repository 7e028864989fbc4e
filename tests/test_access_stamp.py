"""Users, the roles' permissions and the sites' addons are kept per process under the
access stamp (core/access_stamp.py): a change made anywhere is seen at the next
request of every process, and reading them costs a request one small statement."""
from __future__ import annotations

from sqlalchemy import select

from core.access_stamp import NAME
from core.extensions import db
from core.sequences import sequence_table

from .fixtures import api_token, as_system


def stamp(app):
    with as_system(app):
        return db.session.execute(select(sequence_table.c.value).where(
            sequence_table.c.name == NAME)).scalar()


def set_permission(app, role_name, permission, view, granted: bool) -> None:
    security = app.appbuilder.sm
    with as_system(app):
        role = security.find_role(role_name)
        permission_view = security.find_permission_view_menu(permission, view)
        if granted:
            security.add_permission_role(role, permission_view)
        else:
            security.del_permission_role(role, permission_view)


def test_a_permission_taken_from_a_role_is_refused_at_the_next_request_of_another_process(
        app, app_config):
    """Two app instances on one database stand for two worker processes."""
    from core import create_app

    other = create_app(app_config)
    first, second = app.test_client(), other.test_client()
    headers = api_token(first, "gz-manager")
    url = "/api/v1/service_request/?q=(page_size:5)"
    assert second.get(url, headers=headers).status_code == 200  # kept by `other`
    before = stamp(app)
    set_permission(app, "Service Manager", "can_get", "ServiceRequestApi", False)
    try:
        assert stamp(app) == (before or 0) + 1
        assert second.get(url, headers=headers).status_code == 403
    finally:
        set_permission(app, "Service Manager", "can_get", "ServiceRequestApi", True)
    assert second.get(url, headers=headers).status_code == 200


def test_a_write_that_changes_no_access_leaves_the_stamp(app, client):
    """A service request's description changed: the caches stay."""
    headers = api_token(client, "gz-manager")
    row = client.get("/api/v1/service_request/?q=(page_size:1)", headers=headers).json
    before = stamp(app)
    answer = client.put(f"/api/v1/service_request/{row['ids'][0]}", headers=headers,
                        json={"description": "设备无法启动（复查）"})
    assert answer.status_code == 200, answer.json
    assert stamp(app) == before


def test_a_change_to_a_user_is_seen_at_the_next_request_of_another_process(
        app, app_config, client):
    """Users are kept per process under the stamp too: a login moves it (the kept
    user's login count is the new one), and a user made inactive in one process is
    refused at the next request of another, with the token it still holds."""
    from core import create_app

    other = create_app(app_config).test_client()
    headers = api_token(client, "gz-tech2")
    me = "/api/v1/service_request/?q=(page_size:1)"
    assert other.get(me, headers=headers).status_code == 200  # kept by `other`
    before = stamp(app)
    api_token(client, "gz-tech2")  # a login's bookkeeping is a change to the user
    assert stamp(app) == before + 1
    security = app.appbuilder.sm
    with as_system(app):
        user = security.find_user("gz-tech2")
        user.active = False
        db.session.commit()
    try:
        assert other.get(me, headers=headers).status_code in (401, 403)
    finally:
        with as_system(app):
            security.find_user("gz-tech2").active = True
            db.session.commit()
    assert other.get(me, headers=headers).status_code == 200
