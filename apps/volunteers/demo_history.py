"""Demo 绿扬霞光 history: 2022 up to the start of the demo's own year of activities.

Lighter than the current year and better each year, differently per district: fewer
activities and volunteers per activity in 2022, records more often late; honours and media
reports a few a year. Bulk writes (one history row per record, as the demo's own step).

The shared ``rng`` is read, not advanced (a copy of its state seeds this step), so the
steps after this one draw exactly what they drew before it existed. Last, the three
functional districts get a team each (:func:`district_teams`, a private generator).
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.core.excel.bulk import bulk_insert
from apps.core.workdays import WorkingCalendar
from apps.volunteers.choices import Level, RecordSource, RecordStatus
from apps.volunteers.demo import ACTIVITY_TITLES
from apps.volunteers.models import (
    Activity,
    Honour,
    MediaItem,
    ServiceCategory,
    ServiceProject,
    ServiceRecord,
    Team,
    TeamMember,
)

FIRST_YEAR = 2022
HONOURS = [
    ("优秀志愿服务组织", Level.COUNTY, "区委宣传部"),
    ("最美志愿服务组织", Level.CITY, "扬州市文明办"),
    ("优秀志愿服务项目", Level.PROVINCIAL, "江苏省委老干部局"),
    ("学雷锋志愿服务先进集体", Level.NATIONAL, "中央文明办"),
]
OUTLETS = [("《银潮》", Level.PROVINCIAL), ("《中国老年报》", Level.NATIONAL), ("学习强国", Level.NATIONAL)]


def local_rng(rng: random.Random, name: str) -> random.Random:
    """A generator seeded from ``rng``'s state and ``name``, leaving ``rng`` where it was."""
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def progress(year: int, strength: float) -> float:
    """0 … 1: how far a district's work had come in ``year`` (better every year)."""
    return min(1.0, 0.25 + 0.45 * strength + 0.1 * (year - FIRST_YEAR))


def seed(rng, ctx):
    rng = local_rng(rng, "volunteers.history")
    today = timezone.localdate()
    # The demo's own activities start a year ago: history fills the years before.
    until = today - datetime.timedelta(days=366)
    first = datetime.date(FIRST_YEAR, 1, 1)
    calendar = WorkingCalendar(first, until + datetime.timedelta(days=40))
    strength = {r.pk: rng.random() for r in ctx["regions"]}
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    members_by_team: dict[int, list] = {}
    for m in TeamMember.objects.filter(team__in=ctx["teams"]).order_by("pk"):
        members_by_team.setdefault(m.team_id, []).append(m)
    projects = {p.team_id: p for p in ServiceProject.objects.filter(team__in=ctx["teams"]).order_by("pk")}

    activities, picks = [], []
    for team in ctx["teams"]:
        names = [n for n in team.service_content.replace("、", " ").split() if n in categories] or ["文明创建"]
        day = max(first, team.founded_on) + datetime.timedelta(days=rng.randint(5, 20))
        while day <= until:
            level = progress(day.year, strength[team.region_id])
            category = categories[rng.choice(names)]
            hour, length = rng.choice([8, 9, 14, 15]), rng.choice([2, 2, 3, 4])
            due = calendar.add_working_days(day, 10)
            late = rng.random() > 0.7 + 0.28 * level
            recorded = (
                due + datetime.timedelta(days=rng.randint(1, 12))
                if late
                else day + datetime.timedelta(rng.randint(0, 8))
            )
            activities.append(
                Activity(
                    team=team,
                    project=projects.get(team.pk),
                    category=category,
                    title=ACTIVITY_TITLES.get(category.name, "志愿服务"),
                    date=day,
                    start_time=datetime.time(hour),
                    end_time=datetime.time(hour + length),
                    place=f"{team.region.name}{rng.choice(['东关', '文昌', '汶河', '梅岭', '双桥'])}社区",
                    content=f"{category.name}志愿服务",
                    risk_notice="注意交通安全，量力而行。",
                    person_in_charge_id=team.leader_id,
                    record_due_on=due,
                    records_done_at=timezone.make_aware(datetime.datetime.combine(recorded, datetime.time(20))),
                )
            )
            picks.append(4 + int(10 * level) + rng.randint(0, 3))
            # More often as the district's work grows: monthly at first, then twice a month.
            day += datetime.timedelta(days=rng.randint(30, 40) - int(16 * level))
    bulk_insert(Activity, activities)

    records = []
    for activity, count in zip(activities, picks, strict=True):
        eligible = [m for m in members_by_team[activity.team_id] if m.serving_on(activity.date)]
        hours = Decimal(activity.end_time.hour - activity.start_time.hour)
        for m in rng.sample(eligible, min(len(eligible), count)):
            returned = rng.random() < 0.01
            records.append(
                ServiceRecord(
                    activity=activity,
                    member=m,
                    date=activity.date,
                    start_time=activity.start_time,
                    end_time=activity.end_time,
                    hours=hours,
                    source=RecordSource.CHECKIN,
                    status=RecordStatus.RETURNED if returned else RecordStatus.CONFIRMED,
                    return_reason="时长与签到表不符" if returned else "",
                )
            )
    bulk_insert(ServiceRecord, records)

    honours, media = [], []
    for year in range(FIRST_YEAR, until.year + 1):
        for team in ctx["teams"]:
            level = progress(year, strength[team.region_id])
            if rng.random() < 0.2 + 0.4 * level:
                name, grade, body = HONOURS[min(3, int(rng.random() * 4 * level))]
                honours.append(
                    Honour(
                        name=name,
                        level=grade,
                        awarded_on=datetime.date(year, rng.randint(1, 11), rng.randint(1, 28)),
                        awarding_body=body,
                        team=team,
                    )
                )
            for outlet, grade in OUTLETS:
                if rng.random() < 0.15 + 0.3 * level:
                    media.append(
                        MediaItem(
                            outlet=outlet,
                            level=grade,
                            published_on=datetime.date(year, rng.randint(1, 11), rng.randint(1, 28)),
                            title=f"{team.brand_name}：{year}年银龄志愿者的{rng.choice(['一天', '坚守', '温暖'])}",
                            link="https://www.xuexi.cn/" if outlet == "学习强国" else "",
                            team=team,
                        )
                    )
    bulk_insert(Honour, honours)
    bulk_insert(MediaItem, media)
    ctx["volunteer_history_records"] = len(records)
    ctx["district_teams"] = district_teams(ctx)


# ---------------------------------------------------------------------------
# The three functional districts' teams
# ---------------------------------------------------------------------------
DISTRICT_TEAMS = [
    # name, brand, district, service content, founded
    ("开发区银辉志愿服务队", "银辉", "扬州经济技术开发区", "政策宣讲、关心下一代", 2019),
    ("瘦西湖银发导览志愿服务队", "湖上银帆", "蜀冈—瘦西湖风景名胜区", "休闲旅游、文明创建", 2018),
    ("新城金湾志愿服务队", "金湾霞光", "扬州市生态科技新城", "基层治理、文明创建", 2020),
]
DISTRICT_TEAM_SIZE = 20


def district_teams(ctx) -> list[Team]:
    """A team in each district the seed's twelve leave without one (every district has its
    own, as the seed's 50+ teams cover the city): members from the district's Party
    rosters, activities twice a month or so since 2022 up to yesterday with their records
    (on time more often each year, the latest still pending), and an honour each.

    Its own private generator, and the teams are not added to ``ctx["teams"]``: every other
    step (orders, certificates, training) draws exactly what it drew before they existed.
    """
    from apps.people.choices import PersonStatus
    from apps.volunteers.choices import HealthDeclaration, MemberStatus

    rng = random.Random("volunteers.district-teams")
    today = timezone.localdate()
    calendar = WorkingCalendar(datetime.date(FIRST_YEAR, 1, 1), today + datetime.timedelta(days=40))
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    regions = {r.name: r for r in ctx["regions"]}
    branches: dict[str, list] = {}
    for branch in ctx["branches"]:
        branches.setdefault(branch.region.name, []).append(branch)
    teams, activities, picks = [], [], []
    members_by_team: dict[int, list] = {}
    for i, (name, brand, district, content, founded) in enumerate(DISTRICT_TEAMS):
        region = regions[district]
        pool = [
            p for b in branches[district] for p in ctx["members_by_branch"][b.pk] if p.status == PersonStatus.LIVING
        ]
        chosen = rng.sample(pool, min(len(pool), DISTRICT_TEAM_SIZE))
        team = Team.objects.create(
            name=name,
            brand_name=brand,
            region=region,
            leader=chosen[0],
            partner_branch=rng.choice(branches[district]),
            founded_on=datetime.date(founded, rng.randint(1, 12), 1),
            service_content=content,
            theme=f"{brand}·老有所为",
            charter=f"{name}章程：坚持党建引领，自愿、无偿、平等、诚信、合法。",
            annual_plan=f"{today.year}年计划开展服务 24 次，服务时长 1,000 小时。",
            target_hours=1000,
            target_members=DISTRICT_TEAM_SIZE + 4,
            managing_unit="扬州市委老干部局",
        )
        teams.append(team)
        members = [
            TeamMember(
                team=team,
                person=person,
                volunteer_number=f"ZY{founded}9{i}{j:04d}",
                joined_on=datetime.date(rng.randint(founded, 2021), rng.randint(1, 12), 1),
                status=MemberStatus.ACTIVE,
                active=True,
                skills=rng.choice(["法律", "医疗", "书法", "摄影", "文艺", "教育", "调解", ""]),
                service_types=content,
                availability=rng.choice(["工作日上午", "工作日下午", "周末", "随时"]),
                health_declaration=rng.choices(list(HealthDeclaration.values), weights=[70, 22, 8])[0],
                consent_note="本人签字同意",
                consent_at=timezone.now(),
            )
            for j, person in enumerate(chosen)
        ]
        members_by_team[team.pk] = bulk_insert(TeamMember, members)
        names = [n for n in content.split("、") if n in categories] or ["文明创建"]
        project = ServiceProject.objects.create(
            team=team, name=f"{brand}·{names[0]}", category=categories[names[0]], mode="group"
        )
        day = max(datetime.date(FIRST_YEAR, 1, 1), team.founded_on) + datetime.timedelta(days=rng.randint(5, 20))
        while day < today:
            grown = day.year - FIRST_YEAR
            category = categories[rng.choice(names)]
            hour, length = rng.choice([8, 9, 14, 15]), rng.choice([2, 3, 3, 4])
            due = calendar.add_working_days(day, 10)
            recorded = None
            if (today - day).days >= 5 or rng.random() < 0.3:
                late = rng.random() < 0.16 - 0.03 * grown
                recorded = (
                    due + datetime.timedelta(days=rng.randint(1, 8))
                    if late
                    else day + datetime.timedelta(rng.randint(0, 7))
                )
                recorded = timezone.make_aware(datetime.datetime.combine(min(recorded, today), datetime.time(20)))
            activities.append(
                Activity(
                    team=team,
                    project=project,
                    category=category,
                    title=ACTIVITY_TITLES.get(category.name, "志愿服务"),
                    date=day,
                    start_time=datetime.time(hour),
                    end_time=datetime.time(hour + length),
                    place=f"{district}{rng.choice(['文昌', '汶河', '梅岭', '双桥'])}社区",
                    content=f"{category.name}志愿服务",
                    risk_notice="注意交通安全，量力而行。",
                    person_in_charge_id=team.leader_id,
                    record_due_on=due,
                    records_done_at=recorded,
                )
            )
            picks.append(8 + min(grown, 4) + rng.randint(0, 3))
            day += datetime.timedelta(days=rng.randint(12, 20))
    bulk_insert(Activity, activities)
    records = []
    for activity, count in zip(activities, picks, strict=True):
        if activity.records_done_at is None:
            continue
        eligible = [m for m in members_by_team[activity.team_id] if m.joined_on <= activity.date]
        age = (today - activity.date).days
        for m in rng.sample(eligible, min(len(eligible), count)):
            status = RecordStatus.CONFIRMED if age > 30 or rng.random() < 0.5 else RecordStatus.PENDING
            records.append(
                ServiceRecord(
                    activity=activity,
                    member=m,
                    date=activity.date,
                    start_time=activity.start_time,
                    end_time=activity.end_time,
                    hours=Decimal(activity.end_time.hour - activity.start_time.hour),
                    source=RecordSource.CHECKIN,
                    status=status,
                )
            )
    bulk_insert(ServiceRecord, records)
    bulk_insert(
        Honour,
        [
            Honour(
                name=name,
                level=level,
                awarded_on=datetime.date(rng.choice([2024, 2025]), rng.randint(1, 11), rng.randint(1, 28)),
                awarding_body=body,
                team=team,
            )
            for team, (name, level, body) in zip(teams, HONOURS, strict=False)
        ],
    )
    return teams
