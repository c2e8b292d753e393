"""Demo data for 银发先锋: the organisation tree, people and memberships, and records.

Names follow the seed document: 邗江区翠岗花园社区“夕阳红”党支部, the demonstration points
仪征市“夕阳美”、宝应县“不老松”、广陵区“常青藤”, and so on.
"""

import calendar
import datetime
import random

from django.utils import timezone

from apps.core import crypto
from apps.core import demo_data as gen
from apps.core.pinyin import name_initials, name_pinyin
from apps.core.schedules import install_schedules
from apps.party.choices import (
    ActivityMode,
    ActivityType,
    DemoLevel,
    FundingKind,
    LogStatus,
    MembershipStatus,
    OrganiserLevel,
    OrgKind,
    PostKind,
    ProjectKind,
    ProjectOutcome,
    ReviewItemKind,
    ReviewResult,
    SetupType,
    TrainingType,
)
from apps.party.models import (
    ActivityLog,
    Attendance,
    CoManager,
    DemonstrationPoint,
    EducationBase,
    EducationSession,
    FundingEntry,
    Membership,
    OrganisationPost,
    PartyProject,
    ReviewItem,
    StandardisationReview,
    TrainingAttendance,
    TrainingClass,
)
from apps.party.services import compliance_rules_ensure_defaults, organisation_create
from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType
from apps.people.models import Person
from apps.regions.models import Region

COMMUNITIES = {
    "广陵区": ["东关", "汶河", "湾头", "文峰"],
    "邗江区": ["翠岗花园", "蒋王", "双桥"],
    "江都区": ["仙女镇", "龙川"],
    "宝应县": ["安宜", "氾水"],
    "高邮市": ["盂城", "高邮镇"],
    "仪征市": ["真州", "新城"],
}
BRANCH_NICKNAMES = ["夕阳红", "常青藤", "不老松", "夕阳美", "银铃", "红枫", "晚晴", "金秋"]
MEMBERS_PER_BRANCH = (36, 54)


def seed_organisations(rng, ctx):
    """About 60 organisations: a working committee per region, committees, branches, groups.

    First puts back what a ``--flush`` removes but the migrations had installed: the
    default 三会一课 rules and the Party app's periodic tasks.
    """
    compliance_rules_ensure_defaults()
    install_schedules()
    regions = list(Region.objects.order_by("sort_order"))
    ctx["regions"] = regions
    branches = []
    for region in regions:
        top_name = "市委老干部工作委员会" if region.name == "市直" else f"{region.name}离退休干部党工委"
        top = organisation_create(
            name=top_name, kind=OrgKind.WORKING_COMMITTEE, region=region, founded_on=datetime.date(2008, 7, 1)
        )
        large = region.name in ("市直", "广陵区", "邗江区", "江都区")
        middle = organisation_create(
            name=f"{region.name}离退休干部党委" if large else f"{region.name}离退休干部党总支",
            kind=OrgKind.COMMITTEE if large else OrgKind.GENERAL_BRANCH,
            region=region,
            parent=top,
            founded_on=datetime.date(2010, 3, 1),
        )
        n_units = 3 if large else 1
        units = rng.sample(gen.FORMER_UNITS, n_units)
        for unit in units:
            unit_name = unit if region.name == "市直" else f"{region.name}{unit.removeprefix('市')}"
            branches.append(
                organisation_create(
                    name=f"{unit_name}离退休干部党支部",
                    kind=OrgKind.BRANCH,
                    region=region,
                    parent=middle,
                    setup_type=SetupType.ESTABLISHED,
                    former_unit=unit_name,
                    founded_on=datetime.date(rng.randint(2005, 2016), rng.randint(1, 12), 1),
                )
            )
        for community in COMMUNITIES.get(region.name, []):
            nickname = "夕阳红" if community == "翠岗花园" else rng.choice(BRANCH_NICKNAMES)
            branches.append(
                organisation_create(
                    name=f"{community}社区“{nickname}”党支部",
                    kind=OrgKind.BRANCH,
                    region=region,
                    parent=middle,
                    setup_type=SetupType.COMMUNITY,
                    former_unit=f"{community}社区",
                    founded_on=datetime.date(rng.randint(2012, 2019), rng.randint(1, 12), 1),
                )
            )
    # A few Party groups under the largest branches.
    for branch in branches[:6]:
        for i in (1, 2):
            organisation_create(
                name=f"{branch.name}第{i}党小组", kind=OrgKind.GROUP, region=branch.region, parent=branch
            )
    ctx["branches"] = branches
    ctx["showcase_branch"] = next(b for b in branches if b.name.startswith("翠岗花园社区"))


def _person(rng, region) -> Person:
    sex = "M" if rng.random() < 0.62 else "F"
    retirement = RetirementType.LIXIU if rng.random() < 0.03 else RetirementType.TUIXIU
    born = gen.birth_date(
        rng, 1926 if retirement == RetirementType.LIXIU else 1935, 1932 if retirement == RetirementType.LIXIU else 1964
    )
    number = gen.id_number(rng, region.code, born, sex)
    name = gen.person_name(rng, sex)
    age = 2026 - born.year
    return Person(
        name=name,
        name_pinyin=name_pinyin(name),
        name_initials=name_initials(name),
        sex=sex,
        birth_date=born,
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.search_hash(number),
        phone=gen.mobile(rng),
        address=gen.address(rng, region.name),
        retirement_type=retirement,
        retired_on=datetime.date(born.year + (60 if sex == "M" else 55), born.month, 1),
        former_unit=rng.choice(gen.FORMER_UNITS),
        former_rank=rng.choices(list(Rank.values), weights=[1, 3, 5, 12, 15, 20, 15, 25, 4])[0],
        health=rng.choices(list(Health.values), weights=[50, 30, 15, 5] if age < 85 else [20, 35, 30, 15])[0],
        living=rng.choices(list(Living.values), weights=[55, 25, 15, 5])[0],
        is_disabled=rng.random() < 0.04,
        emergency_contact=gen.person_name(rng, rng.choice("MF")),
        emergency_phone=gen.mobile(rng),
        region=region,
        status=PersonStatus.LIVING if rng.random() > 0.01 else PersonStatus.DECEASED,
    )


def seed_people(rng, ctx):
    """About 1,500 members across the branches, each with a current membership, and a
    secretary and committee for every branch."""
    people, memberships = [], []
    for branch in ctx["branches"]:
        for _ in range(rng.randint(*MEMBERS_PER_BRANCH)):
            people.append((branch, _person(rng, branch.region)))
    Person.objects.bulk_create([p for _, p in people], batch_size=500)
    for branch, person in people:
        joined_party = datetime.date(person.birth_date.year + rng.randint(20, 35), rng.randint(1, 12), 1)
        joined_on = datetime.date(rng.randint(2010, 2024), rng.randint(1, 12), 1)
        deceased = person.status == PersonStatus.DECEASED
        memberships.append(
            Membership(
                person=person,
                organisation=branch,
                joined_party_on=joined_party,
                joined_on=joined_on,
                left_on=datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28)) if deceased else None,
                status=MembershipStatus.DECEASED if deceased else MembershipStatus.NORMAL,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=500)
    posts = []
    by_branch: dict[int, list[Person]] = {}
    for branch, person in people:
        by_branch.setdefault(branch.pk, []).append(person)
    for branch in ctx["branches"]:
        members = [p for p in by_branch[branch.pk] if p.status == PersonStatus.LIVING]
        secretary, deputy, org_member = members[0], members[1], members[2]
        for person, post in (
            (secretary, PostKind.SECRETARY),
            (deputy, PostKind.DEPUTY),
            (org_member, PostKind.ORGANISATION),
        ):
            posts.append(
                OrganisationPost(
                    organisation=branch,
                    person=person,
                    post=post,
                    started_on=datetime.date(rng.randint(2019, 2024), 1, 1),
                )
            )
        # A former secretary, so the post history is not empty.
        posts.append(
            OrganisationPost(
                organisation=branch,
                person=members[3],
                post=PostKind.SECRETARY,
                started_on=datetime.date(2014, 1, 1),
                ended_on=datetime.date(2018, 12, 31),
            )
        )
    OrganisationPost.objects.bulk_create(posts)
    ctx["members_by_branch"] = by_branch
    ctx["people"] = [p for _, p in people]
    ctx["showcase_secretary"] = by_branch[ctx["showcase_branch"].pk][0]


# ---------------------------------------------------------------------------
# Records: activity logs, training, reviews, demonstration points, bases, projects, funds
# ---------------------------------------------------------------------------
FIRST_LOG_MONTH = (2024, 1)
# How diligent each branch is: the probability it holds each obligation in a period.
DILIGENCE = [(1.0, 40), (0.8, 35), (0.4, 25)]  # (probability, weight %)
EXTRA_TYPES = [ActivityType.STUDY, ActivityType.FORUM, ActivityType.TALK, ActivityType.EDUCATION]
CAMPAIGNS = ["学习贯彻党的二十大精神", "党纪学习教育", "学习贯彻党的二十届三中全会精神", "“银发生辉”主题实践"]
THEMES = {
    ActivityType.THEME_DAY: ["重温入党誓词", "走访慰问困难老党员", "参观红色教育基地", "“文明有我，银耀扬城”志愿服务"],
    ActivityType.LECTURE: [
        "书记讲党课：永葆共产党人政治本色",
        "老党员讲党史",
        "学习新修订的《中国共产党纪律处分条例》",
    ],
    ActivityType.MEMBER_MEETING: ["支部党员大会：通报支部工作", "民主评议党员", "组织生活会"],
    ActivityType.COMMITTEE_MEETING: ["研究本月活动安排", "研究走访慰问名单", "研究党费收缴情况"],
    ActivityType.GROUP_MEETING: ["党小组学习交流", "传达上级会议精神", "读书分享"],
    ActivityType.STUDY: ["专题学习《习近平关于老干部工作的重要论述》", "学习《银潮》专题报道"],
    ActivityType.FORUM: ["“我看家乡新变化”座谈会", "老少共话初心座谈"],
    ActivityType.TALK: ["银龄宣讲团进社区宣讲", "“四史”主题宣讲"],
    ActivityType.EDUCATION: ["赴正能量教育基地开展党性教育", "观看廉政教育片"],
}
ABSENCE_REASONS = ["身体原因", "住院治疗", "外出探亲", "行动不便", "其他原因"]
REVIEWERS = ["市委老干部局复核组", "省委老干部局抽查组"]


def _months(until: datetime.date):
    year, month = FIRST_LOG_MONTH
    while (year, month) <= (until.year, until.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _log(rng, branch, activity_type, held_on, status, review_comment="") -> ActivityLog:
    return ActivityLog(
        organisation=branch,
        activity_type=activity_type,
        mode=rng.choices(list(ActivityMode.values), weights=[80, 12, 8])[0],
        held_on=held_on,
        place=rng.choice(["社区党员活动室", "老干部活动中心", "原单位会议室", "社区党群服务中心"]),
        host="支部书记",
        theme=rng.choice(THEMES[activity_type]),
        campaign=rng.choice(CAMPAIGNS) if rng.random() < 0.4 else "",
        content="组织党员集中学习，交流心得体会，部署下阶段工作。",
        status=status,
        review_comment=review_comment,
    )


def _seed_logs(rng, ctx, today):
    """About 3,000 logs, 2024 to this month: diligent, middling and lagging branches; the
    last weeks still in review; the showcase branch with a draft, a submitted and a
    returned log for its secretary, and submitted logs across 邗江区 for its review queue."""
    branches, showcase = ctx["branches"], ctx["showcase_branch"]
    probabilities, weights = zip(*DILIGENCE, strict=True)
    logs = []
    for branch in branches:
        p = 1.0 if branch.pk == showcase.pk else rng.choices(probabilities, weights=weights)[0]
        for year, month in _months(today):
            current = (year, month) == (today.year, today.month)
            last_day = today.day if current else calendar.monthrange(year, month)[1]
            types = [ActivityType.THEME_DAY, ActivityType.COMMITTEE_MEETING, ActivityType.GROUP_MEETING]
            if month % 3 == 2:
                types += [ActivityType.MEMBER_MEETING, ActivityType.LECTURE]
            for activity_type in types:
                if rng.random() > p or (current and rng.random() < 0.4):
                    continue
                if current and branch.pk == showcase.pk:
                    continue  # its month in progress is set out by hand below
                held_on = datetime.date(year, month, rng.randint(1, last_day))
                age = (today - held_on).days
                if age > 20:
                    status = LogStatus.APPROVED
                else:
                    status = rng.choices(
                        [LogStatus.APPROVED, LogStatus.SUBMITTED, LogStatus.DRAFT], weights=[55, 35, 10]
                    )[0]
                logs.append(_log(rng, branch, activity_type, held_on, status))
            if rng.random() < 0.08 * (p + 0.2):
                held_on = datetime.date(year, month, rng.randint(1, last_day))
                logs.append(
                    _log(
                        rng,
                        branch,
                        rng.choice(EXTRA_TYPES),
                        held_on,
                        LogStatus.APPROVED if (today - held_on).days > 20 else LogStatus.SUBMITTED,
                    )
                )

    # The showcase secretary's own work in progress this month.
    this_month = today.replace(day=1)
    logs.append(_log(rng, showcase, ActivityType.LECTURE, this_month, LogStatus.DRAFT))
    logs.append(
        _log(
            rng,
            showcase,
            ActivityType.THEME_DAY,
            this_month,
            LogStatus.RETURNED,
            review_comment="出席名单不完整，请补充缺席党员的缺席原因后重新提交。",
        )
    )
    logs.append(_log(rng, showcase, ActivityType.COMMITTEE_MEETING, this_month, LogStatus.SUBMITTED))
    # 邗江区's review queue: a submitted log from each of its other branches.
    for branch in branches:
        if branch.region_id == showcase.region_id and branch.pk != showcase.pk:
            logs.append(_log(rng, branch, ActivityType.THEME_DAY, this_month, LogStatus.SUBMITTED))

    _stamp_submissions_and_reviews(logs)
    ActivityLog.objects.bulk_create(logs, batch_size=1000)

    # Attendance from each branch's roster (a group meeting gathers about half of it).
    roster = {
        branch_id: [p.pk for p in people if p.status == PersonStatus.LIVING]
        for branch_id, people in ctx["members_by_branch"].items()
    }
    rows = []
    for log in logs:
        members = roster.get(log.organisation_id, [])
        if log.activity_type == ActivityType.GROUP_MEETING:
            members = members[: len(members) // 2]
        for person_id in members:
            present = rng.random() < 0.86
            rows.append(
                Attendance(
                    log_id=log.pk,
                    person_id=person_id,
                    present=present,
                    absence_reason="" if present else rng.choice(ABSENCE_REASONS),
                )
            )
    Attendance.objects.bulk_create(rows, batch_size=2000)
    ctx["activity_logs"] = len(logs)


def _seed_training(rng, ctx, today):
    """领头雁: about a dozen classes since 2022; most serving secretaries trained in the
    last three years, some not yet (they appear on the untrained list)."""
    regions = {r.name: r for r in ctx["regions"]}
    posts = list(
        OrganisationPost.objects.filter(organisation__in=ctx["branches"], ended_on__isnull=True).select_related(
            "organisation"
        )
    )
    secretaries = [p for p in posts if p.post == PostKind.SECRETARY]
    trained = set(p.person_id for p in rng.sample(secretaries, round(len(secretaries) * 0.78)))
    classes = []
    plan = [
        ("{y}年全市离退休干部党支部书记业务培训班", TrainingType.BUSINESS, OrganiserLevel.CITY, "市直"),
        ("{y}年政治理论大讲堂", TrainingType.THEORY, OrganiserLevel.CITY, "市直"),
        ("{y}年离退休干部党支部书记论坛", TrainingType.FORUM, OrganiserLevel.CITY, "市直"),
        ("{y}年邗江区支部书记轮训班", TrainingType.BUSINESS, OrganiserLevel.COUNTY, "邗江区"),
    ]
    for year in (2022, 2023, 2024, 2025, 2026):
        for name, kind, level, region in plan[: 3 if year in (2022, 2026) else 4]:
            start = datetime.date(year, rng.choice([4, 5, 6, 9, 10]), rng.randint(1, 20))
            if start > today:
                start = datetime.date(year, 3, rng.randint(1, 20))
            classes.append(
                TrainingClass(
                    name=name.format(y=year),
                    training_type=kind,
                    organiser_level=level,
                    region=regions[region],
                    start_on=start,
                    end_on=start + datetime.timedelta(days=rng.choice([0, 1, 2])),
                    place=rng.choice(["扬州市委党校", "市老干部活动中心", "扬州老年大学", "区老干部活动中心"]),
                    capacity=60,
                )
            )
    TrainingClass.objects.bulk_create(classes)
    recent = [c for c in classes if c.start_on > today - datetime.timedelta(days=3 * 365 - 30)]
    rows, seen = [], set()
    for post in secretaries:
        if post.person_id in trained:
            klass = rng.choice(recent)
            seen.add((klass.pk, post.person_id))
            rows.append(
                TrainingAttendance(training_class=klass, person_id=post.person_id, organisation=post.organisation)
            )
    others = [p for p in posts if p.post != PostKind.SECRETARY]
    for klass in classes:
        taken = sum(1 for r in rows if r.training_class is klass)
        for post in rng.sample(others, min(len(others), max(0, rng.randint(25, 45) - taken))):
            if (klass.pk, post.person_id) in seen:
                continue
            seen.add((klass.pk, post.person_id))
            rows.append(
                TrainingAttendance(
                    training_class=klass,
                    person_id=post.person_id,
                    organisation=post.organisation,
                    attended=rng.random() < 0.95,
                )
            )
    TrainingAttendance.objects.bulk_create(rows)
    _rotation_rounds(ctx, classes, secretaries, seen)


def _district_diligence(ctx, name: str, low: float) -> tuple[random.Random, dict[int, float]]:
    """A private generator for ``name`` and how diligent each district is (``low`` … 1):
    the shared ``rng`` draws what it drew before these records existed."""
    private = random.Random(f"party.{name}")
    return private, {r.pk: private.uniform(low, 1.0) for r in ctx["regions"]}


def _rotation_rounds(ctx, classes, secretaries, seen) -> None:
    """领头雁 is a three-year rotation: besides the class each trained secretary attended
    lately, the rounds of 2023 and 2025 trained most secretaries of every district (some
    districts more thoroughly), so the coverage (A3) of every year reads like a bureau
    that rotates its secretaries, not only the current one."""
    private, diligence = _district_diligence(ctx, "rotation", 0.8)
    by_year: dict[int, list] = {}
    for klass in classes:
        by_year.setdefault(klass.start_on.year, []).append(klass)
    extra = []
    for post in secretaries:
        for year in (2023, 2025):
            if private.random() >= diligence[post.organisation.region_id]:
                continue
            klass = private.choice(by_year[year])
            if (klass.pk, post.person_id) in seen:
                continue
            seen.add((klass.pk, post.person_id))
            extra.append(
                TrainingAttendance(training_class=klass, person_id=post.person_id, organisation=post.organisation)
            )
    TrainingAttendance.objects.bulk_create(extra)


def _seed_reviews(rng, ctx):
    """六有一提升: every established branch reviewed in 2024 or 2025; most pass."""
    reviews, items = [], []
    for branch in ctx["branches"]:
        if branch.setup_type != SetupType.ESTABLISHED:
            continue
        failing = set() if rng.random() < 0.85 else set(rng.sample(ReviewItemKind.values, rng.randint(1, 2)))
        review = StandardisationReview(
            organisation=branch,
            year=rng.choice([2024, 2025]),
            result=ReviewResult.PASSED if not failing else ReviewResult.RECTIFY,
            reviewer=rng.choice(REVIEWERS),
            reviewed_on=datetime.date(rng.choice([2024, 2025]), rng.randint(9, 12), rng.randint(1, 28)),
            note="" if not failing else "限期三个月整改，整改后复核。",
        )
        review.year = review.reviewed_on.year
        reviews.append(review)
        for kind in ReviewItemKind.values:
            items.append(
                ReviewItem(
                    review=review,
                    item=kind,
                    passed=kind not in failing,
                    evidence="台账、照片及制度文本" if kind not in failing else "材料不齐全",
                )
            )
    reviews += _earlier_reviews(ctx, items)
    StandardisationReview.objects.bulk_create(reviews)
    for item in items:
        item.review_id = item.review.pk
    ReviewItem.objects.bulk_create(items)


def _earlier_reviews(ctx, items: list) -> list:
    """六有一提升 began before 2024: the round of 2022 reviewed every branch, community
    branches too; the few sent to rectify passed on review in 2023 — the 达标率 (A5) of a
    bureau that has worked at it for years (the 2024/2025 rounds still send some back).
    A private generator, so the shared one draws what it drew before."""
    private = random.Random("party.standardisation")
    reviews = []
    for branch in ctx["branches"]:
        failing = set() if private.random() < 0.9 else {private.choice(ReviewItemKind.values)}
        rounds = [(2022, failing)] + ([(2023, set())] if failing else [])
        for year, missing in rounds:
            review = StandardisationReview(
                organisation=branch,
                year=year,
                result=ReviewResult.PASSED if not missing else ReviewResult.RECTIFY,
                reviewer=private.choice(REVIEWERS),
                reviewed_on=datetime.date(year, private.randint(9, 12), private.randint(1, 28)),
                note="" if not missing else "限期三个月整改，整改后复核。",
            )
            reviews.append(review)
            for kind in ReviewItemKind.values:
                items.append(
                    ReviewItem(
                        review=review,
                        item=kind,
                        passed=kind not in missing,
                        evidence="台账、照片及制度文本" if kind not in missing else "材料不齐全",
                    )
                )
    return reviews


DEMONSTRATION_POINTS = [
    # region, brand, level, year
    ("仪征市", "夕阳美", DemoLevel.PROVINCE, 2021),
    ("宝应县", "不老松", DemoLevel.PROVINCE, 2021),
    ("广陵区", "常青藤", DemoLevel.CITY, 2022),
    ("邗江区", "夕阳红", DemoLevel.PROVINCE, 2020),
    ("江都区", "龙川晚霞", DemoLevel.CITY, 2022),
    ("高邮市", "盂城红", DemoLevel.CITY, 2023),
    ("市直", "银发先锋", DemoLevel.CITY, 2023),
    ("广陵区", "银铃", DemoLevel.COUNTY, 2024),
]

EDUCATION_BASES = [
    # name, batch, region, description
    ("宝应县红色驿站“实境课堂”", 3, "宝应县", "把党课搬进红色驿站，老党员现场讲述革命故事。"),
    ("江都区“三堂促学”思想教育平台", 3, "江都区", "讲堂、课堂、学堂三堂联动，常态化开展理论学习。"),
    ("邗江区“夕阳红”主题文化广场", 3, "邗江区", "社区离退休干部党员开展主题党日和宣讲的阵地。"),
    ("广陵区“银铃党建联盟”", 3, "广陵区", "辖区离退休干部党组织联建共建平台。"),
    ("扬州革命烈士陵园", 1, "市直", "缅怀革命先烈，开展党性教育。"),
    ("高邮抗日战争最后一役纪念馆", 2, "高邮市", "抗日战争最后一役发生地，爱国主义教育基地。"),
    ("仪征市真州红色教育基地", 2, "仪征市", "地方党史陈列与红色家书展示。"),
]

PROJECTS = [
    ("“银龄宣讲”进社区", ProjectKind.SECRETARY),
    ("老党员口述党史采集", ProjectKind.INNOVATION),
    ("“一方隶属、多重管理”组织设置试点", ProjectKind.INNOVATION),
    ("困难老党员结对帮扶", ProjectKind.SECRETARY),
    ("“微治理大联动”啄木鸟行动", ProjectKind.INNOVATION),
    ("红色家书诵读", ProjectKind.SECRETARY),
    ("流动党校送学上门", ProjectKind.SECRETARY),
    ("云端党课进万家", ProjectKind.INNOVATION),
]


def _branch_sessions(ctx, bases, today) -> list:
    """党性教育 as a good bureau holds it: besides the bases' showcase sessions, every
    branch takes its members to a base about once a year for every twenty (A7's target:
    5 a year per 100 members), some districts a little less. At a base of its district,
    or the city's (扬州革命烈士陵园) where the district has none. A private generator."""
    private, diligence = _district_diligence(ctx, "education-sessions", 0.8)
    by_region = {}
    for base in bases:
        by_region.setdefault(base.region_id, []).append(base)
    city = next(b for b in bases if b.name == "扬州革命烈士陵园")
    rows = []
    for branch in ctx["branches"]:
        members = len(ctx["members_by_branch"][branch.pk])
        for year in (2024, 2025, 2026):
            for _ in range(round(members / 20 * diligence[branch.region_id] + private.random() * 0.6)):
                held = datetime.date(year, private.randint(1, 11), private.randint(1, 28))
                if held > today:
                    continue
                rows.append(
                    EducationSession(
                        base=private.choice(by_region.get(branch.region_id) or [city]),
                        organisation=branch,
                        held_on=held,
                        topic=private.choice(["重温入党誓词", "红色故事分享", "党性教育现场教学", "参观学习"]),
                        participants=private.randint(15, members),
                    )
                )
    return rows


def _seed_showcases(rng, ctx, today):
    """Demonstration points, education bases with sessions, projects, co-managers, funds."""
    branches = ctx["branches"]
    by_region: dict[str, list] = {}
    for branch in branches:
        by_region.setdefault(branch.region.name, []).append(branch)

    points = []
    for region, brand, level, year in DEMONSTRATION_POINTS:
        candidates = by_region.get(region) or branches
        branch = next((b for b in candidates if brand in b.name), rng.choice(candidates))
        points.append(
            DemonstrationPoint(
                organisation=branch,
                level=level,
                brand_name=brand,
                designated_year=year,
                recheck_year=year + 3 if year + 3 <= today.year else None,
                recheck_passed=True if year + 3 <= today.year else None,
            )
        )
    DemonstrationPoint.objects.bulk_create(points)

    regions = {r.name: r for r in ctx["regions"]}
    bases = [
        EducationBase(name=name, batch=batch, region=regions[region], description=description)
        for name, batch, region, description in EDUCATION_BASES
    ]
    EducationBase.objects.bulk_create(bases)
    sessions = []
    for base in bases:
        local = by_region.get(base.region.name) or branches
        for _ in range(rng.randint(5, 12)):
            sessions.append(
                EducationSession(
                    base=base,
                    organisation=rng.choice(local),
                    held_on=datetime.date(rng.choice([2024, 2025, 2026]), rng.randint(1, 10), rng.randint(1, 28)),
                    topic=rng.choice(["重温入党誓词", "红色故事分享", "党性教育现场教学", "参观学习"]),
                    participants=rng.randint(18, 60),
                )
            )
    EducationSession.objects.bulk_create(sessions)
    EducationSession.objects.bulk_create(_branch_sessions(ctx, bases, today))

    projects = []
    for year in (2024, 2025, 2026):
        for name, kind in rng.sample(PROJECTS, 5):
            projects.append(
                PartyProject(
                    organisation=rng.choice(branches),
                    year=year,
                    kind=kind,
                    name=name,
                    outcome=ProjectOutcome.ONGOING
                    if year == today.year
                    else rng.choice([ProjectOutcome.DONE, ProjectOutcome.DONE, ProjectOutcome.AWARDED]),
                    summary="" if year == today.year else "项目按计划完成，形成可复制推广的经验做法。",
                )
            )
    PartyProject.objects.bulk_create(projects)

    co_managers = []
    for branch in branches:
        if branch.setup_type == SetupType.COMMUNITY:
            co_managers.append(
                CoManager(organisation=branch, body=f"{branch.former_unit}党委", responsibility="日常管理、组织生活")
            )
            co_managers.append(
                CoManager(organisation=branch, body="原工作单位离退休干部工作部门", responsibility="经费保障、走访慰问")
            )
        else:
            co_managers.append(
                CoManager(organisation=branch, body="居住地社区党组织", responsibility="就近参加活动、发挥作用")
            )
    CoManager.objects.bulk_create(co_managers)

    funds = []
    for branch in branches:
        for year in (2024, 2025, 2026):
            funds.append(
                FundingEntry(
                    organisation=branch, year=year, kind=FundingKind.WORK_FUNDS, amount=rng.randrange(2000, 8001, 500)
                )
            )
            funds.append(
                FundingEntry(
                    organisation=branch, year=year, kind=FundingKind.DUES_REFUND, amount=rng.randrange(500, 3001, 100)
                )
            )
            funds.append(
                FundingEntry(
                    organisation=branch,
                    year=year,
                    kind=FundingKind.SECRETARY_ALLOWANCE,
                    amount=rng.choice([1200, 2400, 3600]),
                )
            )
    FundingEntry.objects.bulk_create(funds)


def _seed_transfers(rng, ctx):
    """Some members came from another branch: a closed 转出 membership there and a 转入 one
    here, so their branch history has two rows."""
    branches = ctx["branches"]
    current = list(
        Membership.objects.filter(organisation__in=branches, left_on__isnull=True, status=MembershipStatus.NORMAL)
        .select_related("organisation")
        .order_by("pk")
    )
    moved, earlier = [], []
    for membership in rng.sample(current, min(40, len(current))):
        source = rng.choice([b for b in branches if b.pk != membership.organisation_id])
        left_on = membership.joined_on
        earlier.append(
            Membership(
                person_id=membership.person_id,
                organisation=source,
                joined_party_on=membership.joined_party_on,
                joined_on=left_on.replace(year=left_on.year - rng.randint(3, 8)),
                left_on=left_on,
                status=MembershipStatus.TRANSFERRED_OUT,
                counterpart=membership.organisation.name,
            )
        )
        membership.status = MembershipStatus.TRANSFERRED_IN
        membership.counterpart = source.name
        moved.append(membership)
    Membership.objects.bulk_create(earlier)
    Membership.objects.bulk_update(moved, ["status", "counterpart"])


def seed_records(rng, ctx):
    """Activity logs with attendance, training, reviews, demonstration points, education
    bases, projects, co-managers, funding and membership transfers — all in bulk."""
    today = timezone.localdate()
    _seed_logs(rng, ctx, today)
    _seed_training(rng, ctx, today)
    _seed_reviews(rng, ctx)
    _seed_showcases(rng, ctx, today)
    _seed_transfers(rng, ctx)


def _stamp_submissions_and_reviews(logs) -> None:
    """When each log was submitted and reviewed: a few days after the meeting, and reviewed
    mostly within the week, some districts more promptly than others (审核及时率, A4, then has
    past years to read). A private generator, so the shared one draws what it drew before;
    nothing is stamped later than now."""
    private = random.Random(20240101)
    now = timezone.now()
    for log in logs:
        if log.status == LogStatus.DRAFT:
            continue
        held = timezone.make_aware(datetime.datetime.combine(log.held_on, datetime.time(17, 0)))
        submitted = min(held + datetime.timedelta(days=private.randint(0, 4), hours=private.randint(0, 5)), now)
        log.submitted_at = submitted
        if log.status in (LogStatus.APPROVED, LogStatus.RETURNED):
            late = private.random() < 0.04 + 0.04 * ((log.organisation.region_id or 0) % 4)
            wait = private.randint(8, 16) if late else private.randint(0, 5)
            log.reviewed_at = min(submitted + datetime.timedelta(days=wait, hours=private.randint(1, 6)), now)
