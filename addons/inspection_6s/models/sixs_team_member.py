"""A person's team (班组) for the 6S score by team.  One team per person and site;
the score by team uses today's membership."""
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import relationship

from core.indexes import list_indexes
from core.mixins import SiteScoped
from core.models import ErpUser
from core.workflow import InvalidInput


class SixsTeamMember(SiteScoped, Model):
    __tablename__ = "sixs_team_member"
    __table_args__ = (UniqueConstraint("site_id", "person_id"),
                      *list_indexes("sixs_team_member"))
    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False, index=True)
    person = relationship(ErpUser, foreign_keys=[person_id])
    team = Column(String(64), nullable=False)

    def __repr__(self) -> str:
        return f"{self.team}"

    def validate(self, session, site_id, creating: bool) -> None:
        problems = {}
        self.team = (self.team or "").strip()
        if not self.team:
            problems["team"] = [_("A team name is required.")]
        person_id = self.person.id if self.person is not None else self.person_id
        if person_id is None:
            problems["person_id"] = [_("Who is in the team?")]
        else:
            person = session.execute(
                select(ErpUser.site_id, ErpUser.dealer_id).where(ErpUser.id == person_id)
            ).first()
            if person is None or person.site_id != site_id or person.dealer_id is not None:
                problems["person_id"] = [_("User %(id)s is not a member of this site's "
                                           "staff.", id=person_id)]
            else:
                query = select(SixsTeamMember.team).where(
                    SixsTeamMember.site_id == site_id, SixsTeamMember.person_id == person_id)
                if self.id is not None:
                    query = query.where(SixsTeamMember.id != self.id)
                other = session.execute(query).scalar()
                if other is not None:
                    problems["person_id"] = [_("User %(id)s is already in team %(team)s.",
                                               id=person_id, team=other)]
        if problems:
            raise InvalidInput(problems)
