"""The city at full size, for benchmarks and load tests: ``python manage.py seed_city --scale 1``.

Deterministic (one ``random.Random(CITY_SEED)``): the same scale always gives the same city.
At scale 1 it is the city of DOMAIN.md "Numbers": 10 regions, 640 organisations in their
tree (working committees → Party committees / general branches → 560 branches → groups),
20,000 people with their memberships and posts, three years of activity logs (about
200,000, with about 3 million attendance rows), 41 training classes and 2,284 person-times
a year, the 六有一提升 reviews of the ~360 established branches, demonstration points,
and 50 volunteer teams with 3,000 members. Other scales multiply every count (the ten
working committees and a floor of ten branches stay).

Extension point: ``CITY_STEPS`` lists ``seed(rng, ctx)`` functions run in order inside
one transaction, like ``DEMO_STEPS`` of ``seed_demo``. An app that lands later (the
assessment, volunteer services …) adds its records by appending the dotted path of its
own step; ``ctx`` carries what earlier steps built:

- ``scale`` (float), ``plan`` (:class:`CityPlan`, the target counts), ``months``
  (the 36 ``(year, month)`` of activity), ``years``;
- ``regions`` (list), ``organisations``/``branches``/``groups`` (lists of ``Organisation``),
  ``people`` (list of ``Person``), ``members_by_branch`` (branch id → list of person ids),
  ``secretary_of`` (branch id → person id), ``secretary_users`` (branch id → user id),
  ``staff_user`` (the bureau staff ``User``), ``teams`` (list of ``Team``);
- ``insert_rows(model, fields, rows)``: the fast path for large tables (PostgreSQL
  ``COPY``; plain ``executemany`` elsewhere), for rows that need no model logic.

Records are written in bulk, never through the per-object services: the services' checks
(scope, validation, history) are what the benchmarks measure, not what seeding needs.
"""

import datetime
import importlib
import io
import math
import random
from dataclasses import dataclass, fields

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from apps.core.excel.bulk import copy_text

CITY_SEED = 20260701
CITY_PASSWORD = "Yangzhou@2026"

# In order: later steps use what earlier ones put in ctx. Append new apps' steps here.
CITY_STEPS = [
    "apps.core.city.seed_organisations",
    "apps.core.city.seed_people",
    "apps.core.city.seed_accounts",
    "apps.core.city.seed_activity_logs",
    "apps.core.city.seed_training",
    "apps.core.city.seed_reviews",
    "apps.core.city.seed_demonstration_points",
    "apps.core.city.seed_volunteers",
]

# 36 months of activity, fixed (not "today") so every run builds the same city.
FIRST_MONTH = (2023, 11)
MONTHS = 36

# Branches per region at scale 1 (sum 560): the city organs and the large districts hold most.
BRANCH_WEIGHTS = {
    "市直": 140,
    "广陵区": 70,
    "邗江区": 80,
    "江都区": 70,
    "宝应县": 50,
    "高邮市": 50,
    "仪征市": 50,
    "扬州经济技术开发区": 20,
    "蜀冈—瘦西湖风景名胜区": 15,
    "扬州市生态科技新城": 15,
}
BRANCHES_PER_MIDDLE = 20  # a Party committee / general branch holds about 20 branches

ACTIVITY_THEMES = {
    "theme_day": ["学习贯彻党的二十大精神", "重温入党誓词", "“银发先锋”在行动", "红色基因代代传", "走进社区办实事"],
    "lecture": ["书记讲党课：老干部的初心", "党史专题党课", "云端党课：中国式现代化", "流动党校进社区"],
    "member_meeting": ["支部党员大会：年度工作总结", "支部党员大会：民主评议党员", "支部党员大会：季度学习"],
    "committee_meeting": ["支委会：研究本月组织生活", "支委会：党费收缴情况", "支委会：走访慰问安排"],
    "group_meeting": ["党小组会：交流学习体会", "党小组会：读书分享", "党小组会：谈心谈话"],
    "study": ["专题学习：党章党规", "专题学习：习近平新时代中国特色社会主义思想", "专题学习：条例解读"],
    "forum": ["座谈交流：发挥余热", "座谈交流：社区治理", "老干部座谈会"],
    "talk": ["主题宣讲：扬州发展新成就", "银龄宣讲进校园", "主题宣讲：好家风"],
    "education": ["党性教育：参观革命纪念馆", "党性教育：正能量教育基地现场教学", "红色驿站实境课堂"],
}
EXTRA_TYPES = ["study", "forum", "talk", "education"]
CAMPAIGNS = ["学习贯彻习近平新时代中国特色社会主义思想主题教育", "党纪学习教育", ""]
BRANCH_NICKNAMES = ["夕阳红", "常青藤", "不老松", "夕阳美", "银铃", "红枫", "晚晴", "金秋", "松柏", "霞光"]
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
ABSENCE_REASONS = ["因病请假", "外出", "照顾家人", "行动不便"]


# ---------------------------------------------------------------------------
# The plan: target counts for a scale (pure; the smoke test checks it)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CityPlan:
    regions: int
    working_committees: int
    middles: int
    branches: int
    groups: int
    people: int
    training_classes_per_year: int
    training_person_times_per_year: int
    demonstration_points: int
    teams: int
    team_members: int

    @property
    def organisations(self) -> int:
        return self.working_committees + self.middles + self.branches + self.groups

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["organisations"] = self.organisations
        return data


def branches_by_region(scale: float) -> dict[str, int]:
    """Branches per region: the scale-1 weights multiplied, at least one each (largest remainder)."""
    total = max(len(BRANCH_WEIGHTS), round(560 * scale))
    weight_sum = sum(BRANCH_WEIGHTS.values())
    exact = {name: total * weight / weight_sum for name, weight in BRANCH_WEIGHTS.items()}
    counts = {name: max(1, math.floor(value)) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - math.floor(exact[name]), reverse=True)
    for name in by_remainder[: max(0, total - sum(counts.values()))]:
        counts[name] += 1
    return counts


def middles_for(branch_count: int) -> int:
    return max(1, round(branch_count / BRANCHES_PER_MIDDLE))


def city_plan(scale: float) -> CityPlan:
    if scale <= 0:
        raise ValueError("scale must be positive")
    per_region = branches_by_region(scale)
    branches = sum(per_region.values())
    middles = sum(middles_for(n) for n in per_region.values())
    working_committees = len(BRANCH_WEIGHTS)
    organisations = max(round(640 * scale), working_committees + middles + branches)
    teams = max(3, round(50 * scale))
    return CityPlan(
        regions=len(BRANCH_WEIGHTS),
        working_committees=working_committees,
        middles=middles,
        branches=branches,
        groups=organisations - working_committees - middles - branches,
        people=max(branches * 12, round(20000 * scale)),
        training_classes_per_year=max(1, round(41 * scale)),
        training_person_times_per_year=max(10, round(2284 * scale)),
        demonstration_points=max(3, round(24 * scale)),
        teams=teams,
        team_members=teams * 60,
    )


def activity_months() -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def logs_per_branch_month(rng: random.Random, month: int) -> list[str]:
    """The activity types one branch holds in a month: 三会一课 plus study, forums, talks."""
    types = ["theme_day", "committee_meeting", "group_meeting"]
    if month % 3 == 0:
        types += ["member_meeting", "lecture"]
    types += [rng.choice(EXTRA_TYPES) for _ in range(rng.randint(5, 8))]
    return types


# ---------------------------------------------------------------------------
# Fast inserts
# ---------------------------------------------------------------------------
def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def insert_rows(model, columns: list[str], rows, chunk: int = 100_000) -> int:
    """Insert ``rows`` (iterable of tuples in ``columns`` order) into ``model``'s table.

    PostgreSQL: ``COPY … FROM STDIN`` in chunks (the bulk path, ~10× ``bulk_create``);
    elsewhere ``executemany``. No model logic runs: give every NOT NULL column a value.
    Returns the number of rows.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    total = 0
    with connection.cursor() as cursor:
        batch: list = []

        def flush():
            if not batch:
                return
            if connection.vendor == "postgresql":
                buffer = io.StringIO("".join("\t".join(map(copy_text, row)) + "\n" for row in batch))
                cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({placeholders})",
                    [tuple(_sqlite_value(v) for v in row) for row in batch],
                )
            batch.clear()

        for row in rows:
            batch.append(row)
            total += 1
            if len(batch) >= chunk:
                flush()
        flush()
    return total


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def reset_sequence(model) -> None:
    """After inserting explicit ids, move PostgreSQL's identity sequence past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
            [table],
        )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour), timezone.get_default_timezone())


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------
def seed_organisations(rng, ctx):
    """The tree: a working committee per region, committees/general branches, branches, groups."""
    from apps.party.choices import OrgKind, SetupType
    from apps.party.models import Organisation
    from apps.party.services import _segment
    from apps.regions.models import Region

    plan: CityPlan = ctx["plan"]
    regions = list(Region.objects.order_by("sort_order"))
    by_name = {r.name: r for r in regions}
    per_region = branches_by_region(ctx["scale"])
    ctx["regions"] = regions

    def create(level: list[Organisation]) -> list[Organisation]:
        created = Organisation.objects.bulk_create(level, batch_size=2000)
        for org in created:
            parent_path = org.parent.path if org.parent_id else ""
            org.path = parent_path + _segment(org.pk)
            org.depth = org.path.count(".") - 1
        Organisation.objects.bulk_update(created, ["path", "depth"], batch_size=2000)
        return created

    founded = datetime.date(2008, 7, 1)
    tops = create(
        [
            Organisation(
                name="市委老干部工作委员会" if name == "市直" else f"{name}离退休干部党工委",
                kind=OrgKind.WORKING_COMMITTEE,
                region=by_name[name],
                founded_on=founded,
            )
            for name in BRANCH_WEIGHTS
        ]
    )
    middles_spec = []
    for top, name in zip(tops, BRANCH_WEIGHTS, strict=True):
        n = middles_for(per_region[name])
        for i in range(n):
            large = per_region[name] >= 40
            kind = OrgKind.COMMITTEE if large else OrgKind.GENERAL_BRANCH
            label = "离退休干部党委" if large else "离退休干部党总支"
            middles_spec.append(
                Organisation(
                    name=f"{name}{label}" + (f"（第{i + 1}片区）" if n > 1 else ""),
                    kind=kind,
                    region=top.region,
                    parent=top,
                    founded_on=datetime.date(2010, 3, 1),
                )
            )
    middles = create(middles_spec)
    middles_by_region: dict[int, list[Organisation]] = {}
    for middle in middles:
        middles_by_region.setdefault(middle.region_id, []).append(middle)

    # ~65% established (建制类) branches: at scale 1 about 364, the seed's 360 reviewed ones.
    from apps.core import demo_data as gen

    branch_specs = []
    for name, count in per_region.items():
        region = by_name[name]
        parents = middles_by_region[region.pk]
        for i in range(count):
            parent = parents[i % len(parents)]
            established = rng.random() < 0.65
            if established:
                unit = gen.FORMER_UNITS[i % len(gen.FORMER_UNITS)]
                unit_name = (unit if name == "市直" else f"{name}{unit.removeprefix('市')}") + (
                    f"（{i // len(gen.FORMER_UNITS) + 1}）" if i >= len(gen.FORMER_UNITS) else ""
                )
                branch_specs.append(
                    Organisation(
                        name=f"{unit_name}离退休干部党支部",
                        kind=OrgKind.BRANCH,
                        region=region,
                        parent=parent,
                        setup_type=SetupType.ESTABLISHED,
                        former_unit=unit_name,
                        founded_on=datetime.date(rng.randint(2005, 2016), rng.randint(1, 12), 1),
                    )
                )
            else:
                community = f"第{i + 1}"
                nickname = rng.choice(BRANCH_NICKNAMES)
                branch_specs.append(
                    Organisation(
                        name=f"{name}{community}社区“{nickname}”党支部",
                        kind=OrgKind.BRANCH,
                        region=region,
                        parent=parent,
                        setup_type=rng.choice([SetupType.COMMUNITY] * 4 + [SetupType.FUNCTIONAL, SetupType.INTEREST]),
                        former_unit=f"{name}{community}社区",
                        founded_on=datetime.date(rng.randint(2012, 2019), rng.randint(1, 12), 1),
                    )
                )
    branches = create(branch_specs)
    # Groups under the branches, spread evenly (the largest branches get them first).
    group_specs = [
        Organisation(
            name=f"{branches[i % len(branches)].name}第{i // len(branches) + 1}党小组",
            kind=OrgKind.GROUP,
            region=branches[i % len(branches)].region,
            parent=branches[i % len(branches)],
        )
        for i in range(plan.groups)
    ]
    groups = create(group_specs)
    ctx["organisations"] = [*tops, *middles, *branches, *groups]
    ctx["branches"] = branches
    ctx["groups"] = groups


_PINYIN_CACHE: dict[str, tuple[str, str]] = {}


def _pinyin(name: str) -> tuple[str, str]:
    from apps.core.pinyin import name_initials, name_pinyin

    if name not in _PINYIN_CACHE:
        _PINYIN_CACHE[name] = (name_pinyin(name), name_initials(name))
    return _PINYIN_CACHE[name]


def seed_people(rng, ctx):
    """The members: one current membership each, posts for every branch and group."""
    from apps.core import crypto
    from apps.core import demo_data as gen
    from apps.party.choices import MembershipStatus, PostKind
    from apps.party.models import Membership, OrganisationPost
    from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType
    from apps.people.models import Person

    plan: CityPlan = ctx["plan"]
    branches = ctx["branches"]
    # Branch sizes vary (12 … 3× average), normalised to the planned total.
    raw = [rng.uniform(0.4, 1.6) for _ in branches]
    sizes = [max(12, int(plan.people * w / sum(raw))) for w in raw]
    for i in range(plan.people - sum(sizes)):
        sizes[i % len(sizes)] += 1
    while sum(sizes) > plan.people:
        biggest = max(range(len(sizes)), key=sizes.__getitem__)
        sizes[biggest] -= 1

    now = timezone.now()
    seen_hashes: set[str] = set()
    people: list[tuple] = []
    for branch, size in zip(branches, sizes, strict=True):
        region = branch.region
        for _ in range(size):
            sex = "M" if rng.random() < 0.62 else "F"
            lixiu = rng.random() < 0.03
            born = gen.birth_date(rng, 1926 if lixiu else 1935, 1932 if lixiu else 1964)
            number = gen.id_number(rng, region.code, born, sex)
            digest = crypto.search_hash(number)
            while digest in seen_hashes:  # the 3-digit sequence can collide at city scale
                number = gen.id_number(rng, region.code, born, sex)
                digest = crypto.search_hash(number)
            seen_hashes.add(digest)
            name = gen.person_name(rng, sex)
            pinyin, initials = _pinyin(name)
            age = 2026 - born.year
            deceased = rng.random() < 0.01
            people.append(
                (
                    branch,
                    Person(
                        name=name,
                        name_pinyin=pinyin,
                        name_initials=initials,
                        sex=sex,
                        birth_date=born,
                        id_number_encrypted=crypto.encrypt(number),
                        id_number_hash=digest,
                        phone=gen.mobile(rng),
                        address=gen.address(rng, region.name),
                        retirement_type=RetirementType.LIXIU if lixiu else RetirementType.TUIXIU,
                        retired_on=datetime.date(born.year + (60 if sex == "M" else 55), born.month, 1),
                        former_unit=rng.choice(gen.FORMER_UNITS),
                        former_rank=rng.choices(list(Rank.values), weights=[1, 3, 5, 12, 15, 20, 15, 25, 4])[0],
                        health=rng.choices(
                            list(Health.values), weights=[50, 30, 15, 5] if age < 85 else [20, 35, 30, 15]
                        )[0],
                        living=rng.choices(list(Living.values), weights=[55, 25, 15, 5])[0],
                        is_disabled=rng.random() < 0.04,
                        emergency_contact=gen.person_name(rng, rng.choice("MF")),
                        emergency_phone=gen.mobile(rng),
                        region=region,
                        status=PersonStatus.DECEASED if deceased else PersonStatus.LIVING,
                        created_at=now,
                        updated_at=now,
                    ),
                )
            )
    Person.objects.bulk_create([p for _, p in people], batch_size=2000)

    memberships = []
    members_by_branch: dict[int, list[int]] = {}
    for branch, person in people:
        deceased = person.status == PersonStatus.DECEASED
        memberships.append(
            Membership(
                person=person,
                organisation=branch,
                joined_party_on=datetime.date(person.birth_date.year + rng.randint(20, 35), rng.randint(1, 12), 1),
                joined_on=datetime.date(rng.randint(2010, 2023), rng.randint(1, 12), 1),
                left_on=datetime.date(2025, rng.randint(1, 12), 1) if deceased else None,
                status=MembershipStatus.DECEASED if deceased else MembershipStatus.NORMAL,
            )
        )
        if not deceased:
            members_by_branch.setdefault(branch.pk, []).append(person.pk)
    Membership.objects.bulk_create(memberships, batch_size=5000)

    posts = []
    secretary_of: dict[int, int] = {}
    for branch in branches:
        members = members_by_branch[branch.pk]
        secretary_of[branch.pk] = members[0]
        for person_id, post in zip(
            members[:5],
            [PostKind.SECRETARY, PostKind.DEPUTY, PostKind.ORGANISATION, PostKind.PUBLICITY, PostKind.DISCIPLINE],
            strict=False,
        ):
            posts.append(
                OrganisationPost(
                    organisation=branch,
                    person_id=person_id,
                    post=post,
                    started_on=datetime.date(rng.randint(2019, 2023), 1, 1),
                )
            )
        posts.append(
            OrganisationPost(
                organisation=branch,
                person_id=members[-1],
                post=PostKind.SECRETARY,
                started_on=datetime.date(2014, 1, 1),
                ended_on=datetime.date(2018, 12, 31),
            )
        )
    for group in ctx["groups"]:
        members = members_by_branch[group.parent_id]
        posts.append(
            OrganisationPost(
                organisation=group,
                person_id=members[5 + len(posts) % max(1, len(members) - 5)],
                post=PostKind.GROUP_LEADER,
                started_on=datetime.date(2021, 1, 1),
            )
        )
    OrganisationPost.objects.bulk_create(posts, batch_size=5000)
    ctx["people"] = [p for _, p in people]
    ctx["members_by_branch"] = members_by_branch
    ctx["secretary_of"] = secretary_of


def secretary_username(index: int) -> str:
    """The sign-in of the ``index``-th branch's secretary (0-based): ``city_sec_0001`` …"""
    return f"city_sec_{index + 1:04d}"


def seed_accounts(rng, ctx):
    """A bureau staff, a leader, a district staff per region and one secretary per branch.

    All with ``CITY_PASSWORD``, hashed once (hashing 560 passwords one by one would take
    minutes). The load test signs in as ``city_sec_0001`` ….
    """
    from apps.accounts.choices import BACK_OFFICE_ROLES, Role
    from apps.accounts.models import User
    from apps.accounts.roles import group_for

    password = make_password(CITY_PASSWORD)
    now = timezone.now()

    def account(username, role, full_name, **scope):
        return User(
            username=username,
            password=password,
            role=role,
            full_name=full_name,
            is_staff=role in BACK_OFFICE_ROLES,
            password_changed_at=now,
            **scope,
        )

    users = [
        account("city_staff", Role.BUREAU_STAFF, "全市工作人员"),
        account("city_leader", Role.LEADERSHIP, "全市局领导"),
    ]
    users += [
        account(f"city_district_{i + 1:02d}", Role.DISTRICT_STAFF, f"{r.name}工作人员", scope_region=r)
        for i, r in enumerate(ctx["regions"])
    ]
    users += [
        account(
            secretary_username(i),
            Role.SECRETARY,
            f"{b.name}书记",
            scope_organisation=b,
            person_id=ctx["secretary_of"][b.pk],
        )
        for i, b in enumerate(ctx["branches"])
    ]
    User.objects.bulk_create(users, batch_size=2000)
    through = User.groups.through
    groups = {role: group_for(role) for role in {u.role for u in users}}
    through.objects.bulk_create([through(user_id=u.pk, group_id=groups[u.role].pk) for u in users], batch_size=5000)
    ctx["staff_user"] = users[0]
    ctx["secretary_users"] = {u.scope_organisation_id: u.pk for u in users if u.role == Role.SECRETARY}
    ctx["district_users"] = {u.scope_region_id: u.pk for u in users if u.role == Role.DISTRICT_STAFF}


def seed_activity_logs(rng, ctx):
    """Three years of 组织生活 for every branch, with attendance from its roster (COPY)."""
    from apps.party.choices import ActivityMode, LogStatus
    from apps.party.models import ActivityLog, Attendance

    months = activity_months()
    last = months[-1]
    log_id = next_id(ActivityLog)
    log_rows: list[tuple] = []
    attendance_rows: list[tuple] = []
    log_columns = [
        "id",
        "organisation_id",
        "activity_type",
        "mode",
        "held_on",
        "place",
        "host",
        "theme",
        "campaign",
        "content",
        "status",
        "submitted_at",
        "reviewed_at",
        "reviewed_by_id",
        "review_comment",
        "created_by_id",
        "client_token",
        "version",
        "created_at",
        "updated_at",
    ]
    attendance_columns = ["log_id", "person_id", "present", "absence_reason"]
    secretary_users = ctx["secretary_users"]
    district_users = ctx["district_users"]
    modes = [ActivityMode.OFFLINE] * 8 + [ActivityMode.ONLINE, ActivityMode.MOBILE]
    logs_total = attendance_total = 0

    def flush():
        nonlocal logs_total, attendance_total
        logs_total += insert_rows(ActivityLog, log_columns, log_rows)
        attendance_total += insert_rows(Attendance, attendance_columns, attendance_rows)
        log_rows.clear()
        attendance_rows.clear()

    for branch in ctx["branches"]:
        members = ctx["members_by_branch"][branch.pk]
        n = len(members)
        committee = members[:5]
        reviewer = district_users.get(branch.region_id)
        author = secretary_users.get(branch.pk)
        for year, month in months:
            for activity_type in logs_per_branch_month(rng, month):
                held_on = datetime.date(year, month, rng.randint(1, 28))
                if activity_type in ("theme_day", "member_meeting", "lecture"):
                    invited = members
                elif activity_type == "committee_meeting":
                    invited = committee
                elif activity_type == "group_meeting":
                    invited = rng.sample(members, min(n, 12))
                else:
                    invited = rng.sample(members, min(n, rng.randint(6, 16)))
                recent = (year, month) == last
                roll = rng.random()
                if recent:
                    status = LogStatus.SUBMITTED if roll < 0.6 else LogStatus.DRAFT
                else:
                    status = LogStatus.APPROVED if roll < 0.985 else LogStatus.RETURNED
                created = _at(held_on, 20)
                submitted = _at(held_on + datetime.timedelta(days=1), 9) if status != LogStatus.DRAFT else None
                reviewed = (
                    _at(held_on + datetime.timedelta(days=3), 15)
                    if status in (LogStatus.APPROVED, LogStatus.RETURNED)
                    else None
                )
                log_rows.append(
                    (
                        log_id,
                        branch.pk,
                        activity_type,
                        rng.choice(modes),
                        held_on,
                        branch.former_unit or "党员活动室",
                        "书记",
                        rng.choice(ACTIVITY_THEMES[activity_type]),
                        rng.choice(CAMPAIGNS) if activity_type == "theme_day" else "",
                        "按计划开展，党员积极参与，会后形成学习体会。",
                        status,
                        submitted,
                        reviewed,
                        reviewer if reviewed else None,
                        "请补充活动照片。" if status == LogStatus.RETURNED else "",
                        author,
                        None,
                        1,
                        created,
                        reviewed or submitted or created,
                    )
                )
                for person_id in invited:
                    present = rng.random() < 0.88
                    attendance_rows.append(
                        (log_id, person_id, present, "" if present else ABSENCE_REASONS[person_id % 4])
                    )
                log_id += 1
        if len(attendance_rows) > 200_000:
            flush()
    flush()
    reset_sequence(ActivityLog)
    ctx["activity_logs"] = logs_total
    ctx["attendance"] = attendance_total


def seed_training(rng, ctx):
    """领头雁: per year the planned classes and person-times; every secretary once in three years."""
    from apps.party.choices import OrganiserLevel, TrainingType
    from apps.party.models import TrainingAttendance, TrainingClass

    plan: CityPlan = ctx["plan"]
    regions = ctx["regions"]
    branch_of: dict[int, int] = {}
    for branch_id, members in ctx["members_by_branch"].items():
        for person_id in members:
            branch_of[person_id] = branch_id
    secretaries = sorted(ctx["secretary_of"].items())  # (branch id, person id)
    committee_pool = [pid for members in ctx["members_by_branch"].values() for pid in members[:5]]
    years = sorted({y for y, _ in activity_months()})[-3:]
    ctx["years"] = years
    types = list(TrainingType.values)
    classes: list[TrainingClass] = []
    per_class_people: list[list[int]] = []
    for y_index, year in enumerate(years):
        due = [pid for i, (_, pid) in enumerate(secretaries) if i % 3 == y_index]
        n = plan.training_classes_per_year
        seats = [
            plan.training_person_times_per_year // n + (1 if i < plan.training_person_times_per_year % n else 0)
            for i in range(n)
        ]
        for c in range(n):
            city_level = c % 3 == 0
            region = regions[0] if city_level else regions[1 + c % (len(regions) - 1)]
            start = datetime.date(year, 3 + (c * 9) // n, 1 + (c * 7) % 25)
            classes.append(
                TrainingClass(
                    name=f"{year}年{'全市' if city_level else region.name}{TrainingType(types[c % 3]).label}第{c + 1}期",
                    training_type=types[c % 3],
                    organiser_level=OrganiserLevel.CITY if city_level else OrganiserLevel.COUNTY,
                    region=region,
                    start_on=start,
                    end_on=start + datetime.timedelta(days=2),
                    place="市委党校" if city_level else f"{region.name}老干部活动中心",
                    capacity=max(60, seats[c] + 5),
                )
            )
            chosen = list(dict.fromkeys(due[c::n]))[: seats[c]]
            while len(chosen) < seats[c]:
                pid = rng.choice(committee_pool)
                if pid not in chosen:
                    chosen.append(pid)
            per_class_people.append(chosen)
    TrainingClass.objects.bulk_create(classes)
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(
                training_class=cls,
                person_id=pid,
                organisation_id=branch_of.get(pid),
                attended=rng.random() < 0.97,
            )
            for cls, chosen in zip(classes, per_class_people, strict=True)
            for pid in chosen
        ],
        batch_size=5000,
    )


def seed_reviews(rng, ctx):
    """六有一提升: each established branch reviewed once in the three years, seven items each."""
    from apps.party.choices import ReviewItemKind, ReviewResult, SetupType
    from apps.party.models import ReviewItem, StandardisationReview

    years = ctx["years"]
    reviews = []
    for i, branch in enumerate(b for b in ctx["branches"] if b.setup_type == SetupType.ESTABLISHED):
        year = years[i % len(years)]
        roll = rng.random()
        result = ReviewResult.PASSED if roll < 0.9 else ReviewResult.RECTIFY if roll < 0.98 else ReviewResult.FAILED
        reviews.append(
            StandardisationReview(
                organisation=branch,
                year=year,
                result=result,
                reviewer="市委老干部局复核组",
                reviewed_on=datetime.date(year, 10, 1 + i % 28),
            )
        )
    StandardisationReview.objects.bulk_create(reviews, batch_size=2000)
    items = [
        ReviewItem(
            review=review,
            item=kind,
            passed=review.result == ReviewResult.PASSED or rng.random() < 0.7,
            evidence="台账资料齐全" if review.result == ReviewResult.PASSED else "",
        )
        for review in reviews
        for kind in ReviewItemKind.values
    ]
    ReviewItem.objects.bulk_create(items, batch_size=5000)


def seed_demonstration_points(rng, ctx):
    from apps.party.choices import DemoLevel
    from apps.party.models import DemonstrationPoint

    plan: CityPlan = ctx["plan"]
    chosen = rng.sample(ctx["branches"], min(plan.demonstration_points, len(ctx["branches"])))
    levels = [DemoLevel.PROVINCE] * 6 + [DemoLevel.CITY] * 10 + [DemoLevel.COUNTY] * 8
    DemonstrationPoint.objects.bulk_create(
        [
            DemonstrationPoint(
                organisation=branch,
                level=levels[i % len(levels)],
                brand_name=f"{BRANCH_NICKNAMES[i % len(BRANCH_NICKNAMES)]}{'' if i < len(BRANCH_NICKNAMES) else i}",
                designated_year=2019 + i % 6,
                recheck_year=2025 if i % 2 == 0 else None,
                recheck_passed=True if i % 2 == 0 else None,
            )
            for i, branch in enumerate(chosen)
        ]
    )


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


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def build_city(scale: float, report=print) -> dict:
    """Run every step of ``CITY_STEPS`` (caller wraps it in a transaction). Returns ``ctx``."""
    import time

    rng = random.Random(CITY_SEED)
    ctx: dict = {
        "scale": scale,
        "plan": city_plan(scale),
        "months": activity_months(),
        "years": sorted({y for y, _ in activity_months()})[-3:],
        "insert_rows": insert_rows,
        "password": CITY_PASSWORD,
    }
    for dotted in CITY_STEPS:
        module_name, func_name = dotted.rsplit(".", 1)
        step = getattr(importlib.import_module(module_name), func_name)
        started = time.perf_counter()
        step(rng, ctx)
        report(f"  ✓ {dotted}  {time.perf_counter() - started:.1f} s")
    return ctx
