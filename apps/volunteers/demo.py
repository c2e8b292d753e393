"""Demo 绿扬霞光: the seed's five brands and seven more teams, each with a partner branch,
about 300 volunteers, a year of activities with their hours (confirmed, pending, returned;
records on time and late), certificates, honours and media reports. Deterministic for a
given ``rng`` and day."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.core.excel.bulk import bulk_insert
from apps.people.choices import PersonStatus
from apps.volunteers import services
from apps.volunteers.choices import HealthDeclaration, Intensity, Level, MemberStatus, RecordSource, RecordStatus
from apps.volunteers.models import (
    Activity,
    Campaign,
    Honour,
    MediaItem,
    ServiceCategory,
    ServiceProject,
    ServiceRecord,
    Team,
    TeamMember,
)

TEAMS = [
    ("情溢荷香志愿服务队", "情溢荷香", "宝应县", "政策宣讲、文明创建"),
    ("霞满邗城志愿服务队", "霞满邗城", "邗江区", "基层治理、矛盾化解"),
    ("龙川丹霞志愿服务队", "龙川丹霞", "江都区", "扶贫帮困、法律服务"),
    ("七彩邗城志愿服务队", "七彩邗城", "邗江区", "文明创建"),
    ("白沙映霞志愿服务队", "白沙映霞", "仪征市", "心理咨询、家政清洁"),
    ("红马甲义工队", "红马甲", "广陵区", "疫情防控、文明创建"),
    ("红星使者志愿服务队", "红星使者", "高邮市", "关心下一代"),
    ("银龄宣讲团", "银龄宣讲", "市直", "政策宣讲"),
    ("金晖法律服务队", "金晖", "广陵区", "法律服务、权益保护"),
    ("夕阳红心理关爱队", "夕阳红", "江都区", "心理咨询"),
    ("老兵调解工作室", "老兵", "宝应县", "矛盾化解、基层治理"),
    ("银铃文明劝导队", "银铃", "仪征市", "文明创建、休闲旅游"),
]
VOLUNTEERS_PER_TEAM = 26
SKILLS = ["法律", "医疗", "心理咨询", "书法", "摄影", "文艺", "财会", "教育", "调解", ""]
AVAILABILITY = ["工作日上午", "工作日下午", "周末", "随时"]
ACTIVITY_TITLES = {
    "政策宣讲": "政策宣讲进社区",
    "法律服务": "法律咨询服务日",
    "基层治理": "网格巡查",
    "文明创建": "文明劝导",
    "矛盾化解": "邻里纠纷调解",
    "家政清洁": "为独居老人打扫卫生",
    "心理咨询": "心理关爱谈心",
    "权益保护": "老年人权益宣传",
    "休闲旅游": "文明旅游引导",
    "疫情防控": "健康防护宣传",
    "扶贫帮困": "困难家庭走访",
    "关心下一代": "红色故事进校园",
}
CAMPAIGN = "文明有我·银耀扬城"


def seed(rng, ctx):
    """Teams, volunteers and the team leader's showcase team (``ctx["showcase_team"]``)."""
    regions = {r.name: r for r in ctx["regions"]}
    branches_by_region: dict[str, list] = {}
    for branch in ctx["branches"]:
        branches_by_region.setdefault(branch.region.name, []).append(branch)
    people_by_region: dict[int, list] = {}
    for people in ctx["members_by_branch"].values():
        for p in people:
            if p.status == PersonStatus.LIVING:
                people_by_region.setdefault(p.region_id, []).append(p)
    today = timezone.localdate()
    teams, members = [], []
    taken: set[int] = set()
    number = 0
    for i, (name, brand, region_name, content) in enumerate(TEAMS):
        region = regions[region_name]
        partner = rng.choice(branches_by_region[region_name])
        pool = [p for p in people_by_region[region.pk] if p.pk not in taken]
        chosen = rng.sample(pool, min(len(pool), VOLUNTEERS_PER_TEAM))
        taken.update(p.pk for p in chosen)
        complete = i % 3 != 2  # a third of the teams still miss parts of 四个统一
        team = Team.objects.create(
            name=name,
            brand_name=brand,
            region=region,
            leader=chosen[0],
            partner_branch=partner,
            founded_on=datetime.date(rng.randint(2012, 2020), rng.randint(1, 12), 1),
            service_content=content,
            theme=f"{brand}·老有所为",
            charter=f"{name}章程：坚持党建引领，自愿、无偿、平等、诚信、合法。" if complete else "",
            annual_plan=f"{today.year}年计划开展服务 24 次，服务时长 1,500 小时。" if complete else "",
            target_hours=1500,
            target_members=VOLUNTEERS_PER_TEAM + 4,
            managing_unit="扬州市委老干部局" if region_name == "市直" else f"{region_name}委老干部局",
        )
        teams.append(team)
        for j, person in enumerate(chosen):
            number += 1
            joined = datetime.date(rng.randint(2015, today.year - 1), rng.randint(1, 12), 1)
            status = MemberStatus.ACTIVE
            left_on = paused_on = None
            if j == len(chosen) - 1:
                status, left_on = MemberStatus.LEFT, today - datetime.timedelta(days=rng.randint(20, 60))
            elif j == len(chosen) - 2:
                status, paused_on = MemberStatus.PAUSED, today - datetime.timedelta(days=rng.randint(5, 30))
            members.append(
                TeamMember(
                    team=team,
                    person=person,
                    volunteer_number=f"ZY{joined.year}{number:06d}",
                    joined_on=joined,
                    status=status,
                    active=status == MemberStatus.ACTIVE,
                    left_on=left_on,
                    paused_on=paused_on,
                    status_reason={MemberStatus.LEFT: "迁居外地", MemberStatus.PAUSED: "住院治疗"}.get(status, ""),
                    skills=rng.choice(SKILLS),
                    service_types=content,
                    availability=rng.choice(AVAILABILITY),
                    health_declaration=rng.choices(list(HealthDeclaration.values), weights=[70, 22, 8])[0],
                    consent_note="本人签字同意",
                    consent_at=timezone.now(),
                )
            )
    bulk_insert(TeamMember, members)
    ctx["teams"] = teams
    ctx["showcase_team"] = next(t for t in teams if t.brand_name == "霞满邗城")


def seed_activities(rng, ctx):
    """A year of activities (two a month per team) with their participants' hours."""
    from apps.core.workdays import add_working_days

    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    campaign = Campaign.objects.create(
        name=CAMPAIGN,
        organiser="扬州市委老干部局、扬州市文明办",
        starts_on=start,
        description="组织老干部志愿者参与全国文明城市长效管理：文明劝导、环境整治、文明交通。",
    )
    activities = []
    for team in ctx["teams"]:
        names = [n for n in team.service_content.replace("、", " ").split() if n in categories] or ["文明创建"]
        project = ServiceProject.objects.create(
            team=team,
            name=f"{team.brand_name}·{names[0]}",
            category=categories[names[0]],
            mode=rng.choice(["group", "pair", "order"]),
        )
        day = start + datetime.timedelta(days=rng.randint(0, 10))
        while day <= today - datetime.timedelta(days=1):
            category = categories[rng.choice(names)]
            hour = rng.choice([8, 9, 14, 15])
            length = rng.choice([2, 2, 3, 4])
            activities.append(
                Activity(
                    team=team,
                    project=project,
                    category=category,
                    title=ACTIVITY_TITLES.get(category.name, "志愿服务"),
                    date=day,
                    start_time=datetime.time(hour),
                    end_time=datetime.time(hour + length),
                    place=f"{team.region.name}{rng.choice(['东关', '文昌', '汶河', '梅岭', '双桥'])}社区",
                    content=f"{category.name}志愿服务",
                    campaign=campaign if category.name == "文明创建" else None,
                    intensity=rng.choice([Intensity.LIGHT, Intensity.LIGHT, Intensity.MODERATE, Intensity.STRENUOUS]),
                    risk_notice="注意交通安全，量力而行。",
                    needs_insurance=rng.random() < 0.3,
                    person_in_charge_id=team.leader_id,
                    record_due_on=add_working_days(day, 10),
                )
            )
            day += datetime.timedelta(days=rng.randint(12, 18))
    bulk_insert(Activity, activities)
    members_by_team: dict[int, list] = {}
    for m in TeamMember.objects.filter(team__in=ctx["teams"]).order_by("pk"):
        members_by_team.setdefault(m.team_id, []).append(m)
    records, done = [], []
    for a in activities:
        age = (today - a.date).days
        if age < 5 and rng.random() < 0.7:
            continue  # recent: not yet recorded
        if a.record_due_on < today and rng.random() < 0.05:
            continue  # overdue, never recorded
        eligible = [m for m in members_by_team[a.team_id] if m.serving_on(a.date)]
        hours = Decimal(a.end_time.hour - a.start_time.hour)
        for m in rng.sample(eligible, min(len(eligible), rng.randint(8, 15))):
            if age > 30:
                status = RecordStatus.CONFIRMED if rng.random() > 0.02 else RecordStatus.RETURNED
            else:
                status = rng.choice([RecordStatus.PENDING, RecordStatus.CONFIRMED])
            records.append(
                ServiceRecord(
                    activity=a,
                    member=m,
                    date=a.date,
                    start_time=a.start_time,
                    end_time=a.end_time,
                    hours=hours,
                    source=RecordSource.CHECKIN,
                    status=status,
                    return_reason="时长与签到表不符" if status == RecordStatus.RETURNED else "",
                )
            )
        late = rng.random() < 0.12
        recorded = (
            a.record_due_on + datetime.timedelta(days=rng.randint(1, 6))
            if late
            else a.date + datetime.timedelta(days=rng.randint(0, 8))
        )
        done.append((a.pk, min(recorded, today)))
    bulk_insert(ServiceRecord, records)
    for pk, day in done:
        Activity.objects.filter(pk=pk).update(
            records_done_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
        )
    ctx["volunteer_records"] = len(records)


def seed_certificates(rng, ctx):
    """Certificates through the real workflow; one requested, one accepted, one revoked."""
    today = timezone.localdate()
    period = (today - datetime.timedelta(days=365), today - datetime.timedelta(days=40))
    candidates = list(
        TeamMember.objects.filter(team__in=ctx["teams"], records__status=RecordStatus.CONFIRMED)
        .exclude(records__status__in=[RecordStatus.PENDING, RecordStatus.RETURNED], records__date__lte=period[1])
        .distinct()
        .order_by("pk")[:10]
    )
    issued = []
    for i, m in enumerate(candidates):
        cert = services.certificate_request(member=m, period_start=period[0], period_end=period[1], purpose="评优评先")
        if i == 0:
            continue
        cert = services.certificate_accept(certificate=cert, user=None)
        if i == 1:
            continue
        issued.append(
            services.certificate_issue(
                certificate=cert, person_in_charge="王建华", handler="李文静", contact="0514-87360000", user=None
            )
        )
    if issued:
        services.certificate_revoke(certificate=issued[-1], reason="服务时长登记有误，已重新开具", user=None)
    ctx["certificates"] = issued


def seed_honours(rng, ctx):
    today = timezone.localdate()
    honours, media = [], []
    for i, team in enumerate(ctx["teams"]):
        honours.append(
            Honour(
                name=["最美志愿服务组织", "全国三八红旗先进集体", "优秀志愿服务项目", "学雷锋志愿服务先进集体"][i % 4],
                level=[Level.CITY, Level.NATIONAL, Level.PROVINCIAL, Level.COUNTY][i % 4],
                awarded_on=today - datetime.timedelta(days=rng.randint(30, 700)),
                awarding_body=["扬州市文明办", "全国妇联", "江苏省委老干部局", "区委宣传部"][i % 4],
                team=team,
            )
        )
        for outlet, level in (
            ("《银潮》", Level.PROVINCIAL),
            ("《中国老年报》", Level.NATIONAL),
            ("学习强国", Level.NATIONAL),
        ):
            if rng.random() < 0.6:
                media.append(
                    MediaItem(
                        outlet=outlet,
                        level=level,
                        published_on=today - datetime.timedelta(days=rng.randint(10, 700)),
                        title=f"{team.brand_name}：银龄志愿者的{rng.choice(['一天', '坚守', '温暖'])}",
                        link="https://www.xuexi.cn/" if outlet == "学习强国" else "",
                        team=team,
                    )
                )
    bulk_insert(Honour, honours)
    bulk_insert(MediaItem, media)


# ---------------------------------------------------------------------------
# Training, evaluation, corrections, the alliance and its meetings, certificate notice
# ---------------------------------------------------------------------------
ALLIANCE = [
    ("扬州市老年人体育协会", "association", None),
    ("扬州市老年书画研究会", "association", None),
    ("扬州市老科技工作者协会", "association", None),
    ("扬州市关心下一代工作委员会", "community", None),
    ("扬州市老年大学", "university", None),
    ("扬州市慈善总会助老基金", "foundation", None),
    ("广陵区老年协会", "association", "广陵区"),
    ("邗江区银龄互助服务中心", "non_profit", "邗江区"),
]
TRAININGS = [
    ("志愿服务骨干培训", "《志愿服务条例》、志愿服务记录与证明", "扬州市委老干部局"),
    ("应急救护培训", "心肺复苏、自动体外除颤器使用、常见急症处置", "扬州市红十字会"),
    ("政策宣讲能力提升班", "宣讲稿撰写、群众语言表达", "扬州市委讲师团"),
    ("文明劝导实务", "劝导礼仪、沟通技巧、安全防护", "扬州市文明办"),
]


def seed_records(rng, ctx):
    """Training and evaluation records, correction requests in every state, the 涉老社团联盟
    with three 联席会议 (follow-up items done, open, overdue), and the certificates' notice:
    those issued long enough ago registered, one held by an objection. A private generator
    keeps the other steps' draws unchanged."""
    import random

    from apps.core.workdays import add_working_days
    from apps.regions.models import Region
    from apps.volunteers.choices import CertificateStatus, CorrectionChannel, EvaluationKind, EvaluationRating
    from apps.volunteers.models import (
        AllianceMember,
        Certificate,
        EvaluationRecord,
        FollowUpItem,
        JointMeeting,
        TrainingRecord,
    )

    rng = random.Random(1515)
    today = timezone.localdate()
    teams = ctx["teams"]
    members = list(TeamMember.objects.filter(team__in=teams).select_related("person").order_by("pk"))
    # Training: every volunteer one or two in the year, before he left.
    trainings, evaluations = [], []
    for m in members:
        for _ in range(rng.choice([1, 1, 2])):
            name, content, organiser = rng.choice(TRAININGS)
            day = today - datetime.timedelta(days=rng.randint(10, 360))
            if m.left_on and day >= m.left_on:
                day = m.left_on - datetime.timedelta(days=rng.randint(1, 30))
            trainings.append(
                TrainingRecord(
                    member=m,
                    name=name,
                    content=content,
                    hours=Decimal(rng.choice([2, 3, 4, 6])),
                    organiser=organiser,
                    date=day,
                )
            )
    bulk_insert(TrainingRecord, trainings)
    # Evaluation: the people served rate a sample of services; two complaints.
    records = list(
        ServiceRecord.objects.filter(member__team__in=teams, status=RecordStatus.CONFIRMED)
        .select_related("activity")
        .order_by("pk")[:4000:20]
    )
    for i, r in enumerate(records):
        complaint = i % 60 == 7
        evaluations.append(
            EvaluationRecord(
                member_id=r.member_id,
                kind=EvaluationKind.COMPLAINT if complaint else EvaluationKind.EVALUATION,
                activity=r.activity,
                evaluator=rng.choice(["服务对象", "社区居委会", "服务对象家属"]),
                date=min(r.date + datetime.timedelta(days=rng.randint(0, 5)), today),
                rating="" if complaint else rng.choices(list(EvaluationRating.values), weights=[60, 30, 8, 2])[0],
                content="服务时迟到，未提前告知" if complaint else rng.choice(["热情周到", "耐心细致", "准时守信"]),
                result="经核实属实，已提醒改进并向服务对象致歉" if complaint and i % 120 == 7 else "",
            )
        )
    bulk_insert(EvaluationRecord, evaluations)
    # Corrections through the service: accepted, refused, open, overdue.
    # Four in the showcase team (demo_team's), four in the others.
    confirmed = ServiceRecord.objects.filter(status=RecordStatus.CONFIRMED).order_by("-date", "pk")
    recent = list(confirmed.filter(activity__team=ctx["showcase_team"])[:20:5]) + list(
        confirmed.filter(activity__team__in=teams).exclude(activity__team=ctx["showcase_team"])[:20:5]
    )
    for i, r in enumerate(recent):
        asked = today - datetime.timedelta(days=[3, 25, 2, 30, 1, 20, 4, 15][i % 8])
        c = services.correction_request(
            record=r,
            channel=CorrectionChannel.SELF if i % 2 == 0 else CorrectionChannel.LEADER,
            description=["签退时间登记有误，实际多服务半小时", "活动提前结束，时长多记", "漏记了签到前的准备工作"][
                i % 3
            ],
            proposed_hours=r.hours + Decimal("0.5") if i % 3 != 1 else r.hours - Decimal("0.5"),
            today=asked,
        )
        if i % 4 == 1:
            services.correction_accept(correction=c, hours=c.proposed_hours, user=None, today=asked)
        elif i % 4 == 3:
            services.correction_refuse(correction=c, reason="与签到表核对一致，不予更正", user=None, today=asked)
    _seed_volunteer_account(ctx, today)
    # The alliance and its joint meetings.
    regions = {r.name: r for r in Region.objects.all()}
    alliance = []
    for n, (name, kind, region) in enumerate(ALLIANCE):
        alliance.append(
            services.alliance_member_save(
                member=AllianceMember(
                    name=name,
                    kind=kind,
                    region=regions.get(region) if region else None,
                    contact_person=rng.choice(["王", "李", "张", "刘", "陈"]) + rng.choice(["主任", "秘书长", "会长"]),
                    contact_phone=f"0514-8{rng.randint(1000000, 9999999)}",
                    joined_on=datetime.date(2019 + n % 4, 3 + n % 6, 1),
                )
            )
        )
    services.alliance_member_leave(member=alliance[5], on=today - datetime.timedelta(days=90))
    for k, (months_ago, title) in enumerate(
        [(10, "涉老社团联盟第一次联席会议"), (5, "涉老社团联盟第二次联席会议"), (1, "重阳节联合行动联席会议")]
    ):
        held = today - datetime.timedelta(days=30 * months_ago)
        meeting = services.meeting_save(
            meeting=JointMeeting(
                title=title,
                held_on=held,
                place="扬州市委老干部局三楼会议室",
                topics="通报志愿服务开展情况；研究“文明有我·银耀扬城”专项行动分工；信息交流平台建设",
                decisions="各成员单位明确一名联络员；按季度报送志愿服务信息；联合开展重阳节敬老服务",
                recorder="李文静",
                other_attendees="市文明办志愿服务处",
            ),
            alliance_attendees=[a for a in alliance if a.member_on(held)],
        )
        for j, (task, owner, days) in enumerate(
            [("报送本单位联络员名单", "各成员单位", 5), ("制定联合行动方案", "扬州市老年人体育协会", 10)]
        ):
            due = add_working_days(held, days)
            done = due - datetime.timedelta(days=1) if (k < 2 and j == 0) or k == 0 else None
            services.follow_up_save(
                item=FollowUpItem(
                    meeting=meeting,
                    task=task,
                    owner=owner,
                    working_days=days,
                    done_on=done,
                    outcome="已按期报送" if done else "",
                )
            )
    # Certificate notice: those issued "two weeks ago" registered; one held by an objection.
    issued = list(Certificate.objects.filter(status=CertificateStatus.ISSUED).order_by("pk"))
    for i, cert in enumerate(issued):
        if i == 0:
            services.certificate_object(
                certificate=cert, raised_by="同队志愿者", content="证明所列服务次数与本人记忆不符，请核实。"
            )
        elif i % 2 == 1:
            start = today - datetime.timedelta(days=14)
            Certificate.objects.filter(pk=cert.pk).update(
                issued_on=start, notice_start=start, notice_end=start + datetime.timedelta(days=7)
            )
            services.certificate_register(certificate=Certificate.objects.get(pk=cert.pk), today=today)


def _seed_volunteer_account(ctx, today):
    """``demo_volunteer``: an elder account (no role) of a volunteer of the showcase team,
    who sees 我的志愿服务; one missing record of his asked for (open, for demo_team to
    handle) and one of a team mate's added (accepted). No draw from a generator."""
    from apps.accounts.services import user_create
    from apps.volunteers.choices import CorrectionChannel

    team = ctx["showcase_team"]
    members = (
        TeamMember.objects.filter(team=team, status=MemberStatus.ACTIVE, person__accounts__isnull=True)
        .filter(records__status=RecordStatus.CONFIRMED)
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    volunteer, mate = list(members[:2])
    user_create(
        username="demo_volunteer",
        password=ctx["password"],
        role="",
        full_name=volunteer.person.name,
        person=volunteer.person,
    )
    asked = today - datetime.timedelta(days=2)
    for m, accept in ((volunteer, False), (mate, True)):
        activity = services.omission_candidates(m, today=asked).first()
        if activity is None:
            continue
        c = services.omission_request(
            member=m,
            activity=activity,
            hours=Decimal("2.5"),
            channel=CorrectionChannel.SELF,
            description="当天在现场签到参加了服务，记录中没有",
            today=asked,
        )
        if accept:
            services.correction_accept(correction=c, hours=c.proposed_hours, user=None, today=asked)


def seed_stars(rng, ctx):
    """Star levels (星级) through the services, for every team's volunteers whose confirmed
    hours reach one: put on notice four weeks ago and awarded once the 5 working days ran
    out, except two of the showcase team's, whose notice is over and which wait for
    ``demo_team`` to award them. Draws nothing from ``rng``."""
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=28)
    showcase = ctx["showcase_team"]
    counts = {"awarded": 0, "waiting": 0}
    for team in [*ctx["teams"], *ctx.get("district_teams", [])]:
        notices = services.star_notices_open(team=team, today=opened)
        waiting = notices[-2:] if team.pk == showcase.pk else []
        for award in notices:
            if award in waiting:
                continue
            services.star_award(award=award, today=award.notice_end + datetime.timedelta(days=1))
        counts["awarded"] += len(notices) - len(waiting)
        counts["waiting"] += len(waiting)
    ctx["star_awards"] = counts
