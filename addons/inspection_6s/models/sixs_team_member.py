"""A person's team (班组) for the 6S score by team.  One team per person and site;
the score by team uses today's membership."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, Integer, String, select

from core.extensions import db
from core.indexes import list_indexes, unique_in_site
from core.mixins import SiteScoped
from core.models import user_reference

from .common import acting_site_id, staff_problem


class SixsTeamMember(SiteScoped, Model):
    __tablename__ = "sixs_team_member"
    __table_args__ = (unique_in_site("person_id"),
                      *list_indexes("sixs_team_member"))
    id = Column(Integer, primary_key=True)
    person_id, person = user_reference(nullable=False, index=True)
    team = Column(String(64), nullable=False)

    def __repr__(self) -> str:
        return f"{self.team}"

    # --- computed values and checks (core.validation runs them at every write) ------
    def _derive(self) -> None:
        self.site_id = self.site_id or acting_site_id()
        self.team = (self.team or "").strip()

    def _check_team(self):
        return None if self.team else {"team": _("A team name is required.")}

    def _check_person(self):
        person_id = self.person.id if self.person is not None else self.person_id
        if person_id is None:
            return {"person_id": _("Who is in the team?")}
        problem = staff_problem("person_id", person_id, self.site_id)
        if problem:
            return problem
        query = select(SixsTeamMember.team).where(
            SixsTeamMember.site_id == self.site_id, SixsTeamMember.person_id == person_id)
        if self.id is not None:
            query = query.where(SixsTeamMember.id != self.id)
        other = db.session.execute(query).scalar()
        if other is not None:
            return {"person_id": _("User %(id)s is already in team %(team)s.",
                                   id=person_id, team=other)}
        return None
