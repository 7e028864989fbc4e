"""What this addon's models share: the acting site, the site's staff and
who of them is scored, and SQL integer literals."""
from flask_appbuilder.security.sqla.models import Role
from flask_babel import gettext as _
from sqlalchemy import Integer, literal, select

from core import settings
from core.extensions import db
from core.models import ErpUser
from core.scope import current_scope

ZERO = literal(0, Integer)
ONE = literal(1, Integer)


def as_integer(value: int):
    return literal(int(value), Integer)


def acting_site_id():
    """The actor's site (the scope guard stamps it at insert anyway)."""
    return getattr(current_scope(), "site_id", None)


def staff_problem(field: str, person_id, site_id):
    """A message for ``field`` unless ``person_id`` is staff (no dealer) of ``site_id``."""
    person = db.session.execute(
        select(ErpUser.site_id, ErpUser.dealer_id).where(ErpUser.id == person_id)).first()
    if person is None or person.site_id != site_id or person.dealer_id is not None:
        return {field: _("User %(id)s is not a member of this site's staff.", id=person_id)}
    return None


def scored_roster(site_id: int, owner_id: int | None = None):
    """SELECT of the ids of the people scored even without a violation: active
    staff (no dealer) of the site holding one of the ``scored_roles``."""
    roles = settings.get(site_id, "inspection_6s.scored_roles") or []
    roles = [role for role in roles if isinstance(role, str)] or ["Technician"]
    query = select(ErpUser.id.label("person_id")).join(ErpUser.roles).where(
        ErpUser.site_id == site_id, ErpUser.active.is_(True), ErpUser.dealer_id.is_(None),
        Role.name.in_(roles))
    if owner_id is not None:
        query = query.where(ErpUser.id == owner_id)
    return query
