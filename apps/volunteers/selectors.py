"""Reads that shape 绿扬霞光 data."""

from django.db.models import Exists, OuterRef, Q

from apps.volunteers.models import Team, TeamMember


def home_figures(user) -> list[tuple[str, int]]:
    """The teams and active volunteers in the user's scope, for the home page."""
    teams = Team.objects.for_user(user).count()
    volunteers = TeamMember.objects.for_user(user).filter(active=True).count()
    return [("志愿服务团队", teams), ("在队志愿者", volunteers)]


def people_in_team(team_id: int) -> Q:
    """The people a team leader sees: their team's members (``person_scopes`` in
    apps/volunteers/brand.py)."""
    return Q(Exists(TeamMember.objects.filter(person=OuterRef("pk"), team_id=team_id)))
