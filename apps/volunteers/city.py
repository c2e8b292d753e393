"""绿扬霞光's share of the benchmark city (``seed_city``): the volunteer teams and members.

Step declared in ``apps/volunteers/brand.py``; it runs after the Party steps, whose
rosters (``ctx["members_by_branch"]``) supply the leaders and members.
"""

import datetime

from django.utils import timezone

from apps.core.city import CityPlan

TEAM_BRANDS = [
    "情溢荷香",
    "霞满邗城",
    "龙川丹霞",
    "七彩邗城",
    "白沙映霞",
    "红马甲",
    "红星使者",
    "银龄宣讲",
    "银铃",
    "夕阳红",
    "金晖",
    "老兵",
]


def seed_volunteers(rng, ctx):
    """绿扬霞光: the teams, each led by a member and partnered with a branch of its region."""
    from apps.volunteers.models import Team, TeamMember

    plan: CityPlan = ctx["plan"]
    regions = ctx["regions"]
    branches_by_region: dict[int, list] = {}
    for branch in ctx["branches"]:
        branches_by_region.setdefault(branch.region_id, []).append(branch)
    teams = []
    for i in range(plan.teams):
        region = regions[i % len(regions)]
        brand = TEAM_BRANDS[i % len(TEAM_BRANDS)]
        partner = rng.choice(branches_by_region[region.pk])
        teams.append(
            Team(
                name=f"{region.name}{brand}志愿服务队"
                + (f"（{i // len(TEAM_BRANDS) + 1}）" if i >= len(TEAM_BRANDS) else ""),
                brand_name=brand,
                region=region,
                leader_id=ctx["members_by_branch"][partner.pk][0],
                partner_branch=partner,
                founded_on=datetime.date(2012 + i % 9, 1 + i % 12, 1),
                service_content="政策宣讲、文明创建、矛盾调解",
                theme=f"{brand}·老有所为",
                created_at=timezone.now(),
            )
        )
    Team.objects.bulk_create(teams)
    members = []
    for team in teams:
        pool = [pid for b in branches_by_region[team.region_id] for pid in ctx["members_by_branch"][b.pk]]
        size = plan.team_members // plan.teams
        for pid in rng.sample(pool, min(size, len(pool))):
            members.append(TeamMember(team=team, person_id=pid, joined_on=datetime.date(rng.randint(2015, 2025), 3, 1)))
    TeamMember.objects.bulk_create(members, batch_size=5000)
    ctx["teams"] = teams
