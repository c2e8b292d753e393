"""Demo volunteer teams: the brands the seed names, each with members and a partner branch."""

import datetime

from apps.volunteers.models import Team, TeamMember

TEAMS = [
    ("情溢荷香志愿服务队", "情溢荷香", "宝应县", "政策宣讲、文明创建"),
    ("霞满邗城志愿服务队", "霞满邗城", "邗江区", "基层治理、矛盾调解"),
    ("龙川丹霞志愿服务队", "龙川丹霞", "江都区", "扶贫帮困、法律援助"),
    ("七彩邗城志愿服务队", "七彩邗城", "邗江区", "文明城市创建"),
    ("白沙映霞志愿服务队", "白沙映霞", "仪征市", "心理疏导、家政服务"),
    ("红马甲义工队", "红马甲", "广陵区", "疫情防控、文明劝导"),
    ("红星使者志愿服务队", "红星使者", "高邮市", "关心下一代"),
    ("银龄宣讲团", "银龄宣讲", "市直", "理论宣讲"),
]


def seed(rng, ctx):
    regions = {r.name: r for r in ctx["regions"]}
    branches_by_region: dict[str, list] = {}
    for branch in ctx["branches"]:
        branches_by_region.setdefault(branch.region.name, []).append(branch)
    members = []
    teams = []
    for name, brand, region_name, content in TEAMS:
        region = regions[region_name]
        partner = rng.choice(branches_by_region[region_name])
        pool = ctx["members_by_branch"][partner.pk]
        team = Team.objects.create(
            name=name,
            brand_name=brand,
            region=region,
            leader=pool[4],
            partner_branch=partner,
            founded_on=datetime.date(rng.randint(2012, 2020), rng.randint(1, 12), 1),
            service_content=content,
            theme=f"{brand}·老有所为",
        )
        teams.append(team)
        for person in rng.sample(pool, min(len(pool), rng.randint(12, 20))):
            members.append(TeamMember(team=team, person=person, joined_on=datetime.date(rng.randint(2015, 2025), 3, 1)))
    TeamMember.objects.bulk_create(members)
    ctx["teams"] = teams
    ctx["showcase_team"] = next(t for t in teams if t.brand_name == "霞满邗城")
