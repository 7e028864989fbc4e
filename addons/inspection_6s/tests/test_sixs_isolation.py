"""The host's isolation walk, aimed at this addon's rows: a user of another site
holding every permission reaches none of gz's checklist items, inspections,
violations (and their photos), selections, teams or closed months."""
import io

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import ErpUser
from core.storage import StoredFile, get_storage

from tests.fixtures import api_token, as_system, in_one_pass, login

pytestmark = in_one_pass
from tests.test_isolation_walk import actor_of, walk

from ..models import SixsViolation
from .helpers import make_site


@pytest.fixture
def gz_photo(app):
    """A gz violation with a photo, so downloads are walked too."""
    with as_system(app):
        row = db.session.execute(select(SixsViolation).join(
            ErpUser, ErpUser.id == SixsViolation.person_id).where(
            ErpUser.username == "gz-tech1")).scalars().first()
        content = b"\x89PNG\r\n\x1a\n walk"
        row.set_file(StoredFile(key=get_storage().save(io.BytesIO(content)),
                                original_name="walk.png", size=len(content),
                                sha256="0" * 64, content_type="image/png"))
        db.session.commit()


@pytest.mark.usefixtures("gz_photo", "restore_switches")
def test_sixs_rows_of_gz_are_out_of_reach_of_another_site(app):
    site = make_site(app)
    username = f"{site.code}-root"
    with as_system(app):
        security = app.appbuilder.sm
        user = security.add_user(username, "root", site.code, f"{username}@example.com",
                                 security.find_role(app.config["AUTH_ROLE_ADMIN"]),
                                 password="root")
        db.session.get(ErpUser, user.id).site_id = site.id
        db.session.commit()
    client = app.test_client()
    headers = api_token(client, username, "root")
    login(client, username, "root")
    actor = actor_of(app, username, "gz", "dealer-b")
    assert walk(app, client, headers, actor) == []
