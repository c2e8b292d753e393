"""绿扬霞光's share of the benchmark city (``seed_city``): teams, volunteers, and three
years of activities with their participants' hours (~40,000 activities and ~400,000
service records at scale 1).

Steps declared in ``apps/volunteers/brand.py``; they run after the Party steps, whose
rosters (``ctx["members_by_branch"]``) supply the leaders and members. Rows go in with
``COPY`` on PostgreSQL (no history rows: a benchmark city, not a record of anyone's work).
"""

import datetime
import io
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from apps.core.city import CityPlan
from apps.volunteers.choices import RecordStatus

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
YEARS = 3
RECORDS_PER_ACTIVITY = 10
ACTIVITIES_PER_TEAM_PER_YEAR = 242  # 55 teams × 3 years ≈ 40,000 activities


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
                service_content="政策宣讲、文明创建、矛盾化解",
                theme=f"{brand}·老有所为",
                charter="坚持党建引领，自愿、无偿、平等、诚信、合法。" if i % 3 else "",
                created_at=timezone.now(),
            )
        )
    Team.objects.bulk_create(teams)
    members = []
    number = 0
    size = plan.team_members // plan.teams
    for team in teams:
        pool = [pid for b in branches_by_region[team.region_id] for pid in ctx["members_by_branch"][b.pk]]
        for pid in rng.sample(pool, min(size, len(pool))):
            number += 1
            joined = datetime.date(rng.randint(2015, 2022), 3, 1)
            members.append(
                TeamMember(
                    team=team,
                    person_id=pid,
                    joined_on=joined,
                    volunteer_number=f"ZY{joined.year}{number:06d}",
                    consent_note="本人签字同意",
                )
            )
    TeamMember.objects.bulk_create(members, batch_size=5000)
    ctx["teams"] = teams


def seed_hours(rng, ctx):
    """Three years of activities and ten participants' hours each."""
    from apps.core.workdays import add_working_days
    from apps.volunteers.models import Activity, ServiceCategory, ServiceRecord, TeamMember

    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - start).days
    categories = list(ServiceCategory.objects.values_list("pk", flat=True))
    due: dict[datetime.date, datetime.date] = {}
    members_by_team: dict[int, list[int]] = {}
    for pk, team_id in TeamMember.objects.filter(team__in=ctx["teams"]).values_list("pk", "team_id"):
        members_by_team.setdefault(team_id, []).append(pk)
    per_team = ACTIVITIES_PER_TEAM_PER_YEAR * YEARS
    activities = []
    for team in ctx["teams"]:
        for _ in range(per_team):
            day = start + datetime.timedelta(days=rng.randrange(span))
            if day not in due:
                due[day] = add_working_days(day, 10)
            hour = rng.choice((8, 9, 14, 15))
            activities.append(
                Activity(
                    team_id=team.pk,
                    category_id=rng.choice(categories),
                    title="志愿服务活动",
                    date=day,
                    start_time=datetime.time(hour),
                    end_time=datetime.time(hour + 2),
                    place=f"{team.region.name}社区",
                    content="志愿服务",
                    risk_notice="注意安全",
                    record_due_on=due[day],
                    records_done_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
                    + datetime.timedelta(days=rng.choice((1, 2, 3, 5, 8, 16))),
                    created_at=timezone.now(),
                )
            )
    Activity.objects.bulk_create(activities, batch_size=5000)
    now = timezone.now()
    rows = []
    for a in activities:
        pool = members_by_team[a.team_id]
        status = RecordStatus.CONFIRMED if (today - a.date).days > 20 else RecordStatus.PENDING
        for member_id in rng.sample(pool, min(RECORDS_PER_ACTIVITY, len(pool))):
            rows.append((a.pk, member_id, a.date, a.start_time, a.end_time, Decimal(2), status, now))
    _insert_records(ServiceRecord, rows)
    ctx["volunteer_activities"] = len(activities)
    ctx["volunteer_records"] = len(rows)


def _insert_records(model, rows):
    columns = ["activity_id", "member_id", "date", "start_time", "end_time", "hours", "status", "recorded_at"]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, r, strict=True)), source="import") for r in rows], batch_size=5000
        )
        return
    from apps.core.excel.bulk import copy_from

    chunk = 50000
    for i in range(0, len(rows), chunk):
        buffer = io.StringIO()
        for a, m, d, s, e, h, st, at in rows[i : i + chunk]:
            buffer.write(f"{a}\t{m}\t{d}\t{s}\t{e}\t{h}\t{st}\timport\t\t{at.isoformat()}\n")
        copy_from(
            model._meta.db_table,
            [*columns[:7], "source", "return_reason", "recorded_at"],
            buffer.getvalue(),
        )
