"""绿扬霞光's share of the benchmark city (``seed_city``): teams, volunteers, and three
years of activities with their participants' hours (~40,000 activities and ~400,000
service records at scale 1), and the records around them (``seed_records``): campaigns,
training and evaluation, honours and media, the 涉老社团联盟 with its 联席会议, correction
requests, certificates and star notices, each in every state.

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


# ---------------------------------------------------------------------------
# The records around the hours: campaigns, training, evaluation, honours and media, the
# 涉老社团联盟 and its 联席会议, corrections, certificates and star notices
# ---------------------------------------------------------------------------
RECORDS_SEED = "volunteers.city.records"
TRAININGS = [
    ("志愿服务骨干培训", "《志愿服务条例》、志愿服务记录与证明", "扬州市委老干部局"),
    ("应急救护培训", "心肺复苏、自动体外除颤器使用、常见急症处置", "扬州市红十字会"),
    ("政策宣讲能力提升班", "宣讲稿撰写、群众语言表达", "扬州市委讲师团"),
    ("文明劝导实务", "劝导礼仪、沟通技巧、安全防护", "扬州市文明办"),
    ("防范养老诈骗宣传员培训", "常见诈骗手法、劝阻话术、报警流程", "扬州市公安局"),
    ("人民调解员业务培训", "调解程序、常见纠纷化解", "扬州市司法局"),
]
HONOURS = [  # (name, level, awarding body), weighted toward the local levels
    ("优秀志愿服务组织", "county", "区委宣传部"),
    ("最美志愿服务组织", "city", "扬州市文明办"),
    ("优秀志愿服务项目", "provincial", "江苏省委老干部局"),
    ("学雷锋志愿服务先进集体", "national", "中央文明办"),
    ("全国三八红旗先进集体", "national", "全国妇联"),
    ("最美志愿者", "city", "扬州市文明办"),
]
HONOUR_WEIGHTS = [40, 30, 16, 5, 2, 7]
OUTLETS = [
    ("《扬州日报》", "city"),
    ("扬州电视台", "city"),
    ("《银潮》", "provincial"),
    ("《中国老年报》", "national"),
    ("学习强国", "national"),
]
OUTLET_WEIGHTS = [35, 20, 25, 10, 10]
CITY_ALLIANCE = [
    ("扬州市老年人体育协会", "association"),
    ("扬州市老年书画研究会", "association"),
    ("扬州市老科技工作者协会", "association"),
    ("扬州市关心下一代工作委员会", "community"),
    ("扬州市老年大学", "university"),
    ("扬州市慈善总会助老基金", "foundation"),
    ("扬州市老年法律服务中心", "non_profit"),
    ("扬州市银龄互助服务中心", "non_profit"),
]
REGION_ALLIANCE = [
    ("老年协会", "association"),
    ("老年人体育协会", "association"),
    ("银龄互助服务中心", "non_profit"),
    ("老年大学分校", "university"),
    ("关心下一代工作委员会", "community"),
]
FOLLOW_UPS = [
    ("报送本单位联络员名单", "各成员单位", 5),
    ("制定联合行动方案", "市老年人体育协会", 10),
    ("汇总季度志愿服务信息", "市委老干部局老干部处", 10),
    ("落实重阳节联合敬老服务", "各区老干部局", 15),
]
CORRECTIONS = [
    ("签退时间登记有误，实际多服务半小时", Decimal("0.5")),
    ("活动提前结束，时长多记", Decimal("-0.5")),
    ("漏记了签到前的准备工作", Decimal("1.0")),
]


def _campaign_plan(today: datetime.date, regions) -> list[tuple]:
    """(name, organiser, region, starts, ends, categories): yearly city campaigns, one per
    region last year, and 文明有我·银耀扬城 over the whole span (activities in a narrower
    campaign keep it)."""
    start = today - datetime.timedelta(days=365 * YEARS)
    plan = []
    for year in range(start.year, today.year + 1):
        plan.append(
            (
                f"{year}年重阳敬老月志愿服务",
                "扬州市委老干部局",
                None,
                datetime.date(year, 10, 1),
                datetime.date(year, 10, 31),
                ("家政清洁", "心理咨询", "扶贫帮困"),
            )
        )
        plan.append(
            (
                f"{year}年防范养老诈骗宣传行动",
                "扬州市委老干部局、扬州市公安局",
                None,
                datetime.date(year, 4, 1),
                datetime.date(year, 6, 30),
                ("权益保护", "法律服务"),
            )
        )
    last = today.year - 1
    for region in regions:
        plan.append(
            (
                f"{region.name}“银耀网格”基层治理行动",
                "市直机关工委" if region.name == "市直" else f"{region.name}老干部局",
                region,
                datetime.date(last, 3, 1),
                datetime.date(last, 11, 30),
                ("基层治理", "矛盾化解"),
            )
        )
    plan.append(("文明有我·银耀扬城", "扬州市委老干部局、扬州市文明办", None, start, today, ("文明创建",)))
    # Only those that ran (at least partly) in the three years of activities.
    return [p for p in plan if p[4] >= start and p[3] <= today]


def _campaigns(ctx, today) -> tuple[int, int]:
    from apps.volunteers.models import Activity, Campaign

    campaigns, linked = 0, 0
    for name, organiser, region, starts, ends, categories in _campaign_plan(today, ctx["regions"]):
        campaign = Campaign.objects.create(
            name=name,
            organiser=organiser,
            region=region,
            starts_on=starts,
            ends_on=ends,
            description=f"组织老干部志愿者开展{'、'.join(categories)}志愿服务。",
        )
        activities = Activity.objects.filter(
            team__in=ctx["teams"], date__range=(starts, ends), category__name__in=categories, campaign=None
        )
        if region is not None:
            activities = activities.filter(team__region=region)
        linked += activities.update(campaign=campaign)
        campaigns += 1
    return campaigns, linked


def _alliance_and_meetings(rng, ctx, today, calendar, scale) -> dict:
    from apps.volunteers.models import AllianceMember, FollowUpItem, JointMeeting

    regions = ctx["regions"]
    start = today - datetime.timedelta(days=365 * YEARS)
    wanted = max(len(CITY_ALLIANCE), round(45 * scale))
    names = [(name, kind, None) for name, kind in CITY_ALLIANCE]
    for suffix, kind in REGION_ALLIANCE:
        for region in regions:
            names.append((f"{region.name}{suffix}", kind, region))
    members = []
    for i, (name, kind, region) in enumerate(names[:wanted]):
        joined = datetime.date(2018 + i % 6, 1 + (i * 5) % 12, 1)
        left = None
        if i % 9 == 5:  # one in nine left the alliance last year
            left = datetime.date(today.year - 1, 1 + i % 12, 15)
        members.append(
            AllianceMember(
                name=name,
                kind=kind,
                region=region,
                contact_person=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["主任", "秘书长", "会长"]),
                contact_phone=f"0514-8{rng.randint(1000000, 9999999)}",
                joined_on=joined,
                left_on=left,
            )
        )
    AllianceMember.objects.bulk_create(members)
    staff = ctx.get("staff_user")
    meetings, plans = [], []
    # The city's meeting each quarter; each region's twice a year.
    for year in range(start.year, today.year + 1):
        for month in (1, 4, 7, 10):
            plans.append((None, datetime.date(year, month, 1) + datetime.timedelta(days=rng.randint(8, 25))))
        for region in regions:
            for month in (3, 9):
                plans.append((region, datetime.date(year, month, 1) + datetime.timedelta(days=rng.randint(5, 25))))
    plans = [(region, held) for region, held in plans if start <= held < today]
    for n, (region, held) in enumerate(plans):
        where = region.name if region else "扬州市"
        meetings.append(
            JointMeeting(
                title=f"{where}涉老社团联盟{held.year}年第{(held.month - 1) // 3 + 1}季度联席会议",
                held_on=held,
                place=f"{where}委老干部局会议室" if region else "扬州市委老干部局三楼会议室",
                region=region,
                topics="通报志愿服务开展情况；研究专项行动分工；信息交流平台建设",
                decisions="各成员单位明确一名联络员；按季度报送志愿服务信息；联合开展敬老服务",
                recorder=rng.choice(["李文静", "王晓燕", "陈志刚"]),
                other_attendees="市文明办志愿服务处" if n % 3 == 0 else "",
            )
        )
    JointMeeting.objects.bulk_create(meetings)
    attend = JointMeeting.alliance_attendees.through
    staff_attend = JointMeeting.staff_attendees.through
    links, staff_links, items = [], [], []
    for meeting in meetings:
        for member in members:
            if member.member_on(meeting.held_on) and (
                meeting.region_id is None or member.region_id in (None, meeting.region_id)
            ):
                if meeting.region_id is None and member.region_id is not None and rng.random() < 0.6:
                    continue  # district members come to some of the city's meetings
                links.append(attend(jointmeeting_id=meeting.pk, alliancemember_id=member.pk))
        if staff is not None:
            staff_links.append(staff_attend(jointmeeting_id=meeting.pk, user_id=staff.pk))
        for task, owner, days in rng.sample(FOLLOW_UPS, 2):
            due = calendar.add_working_days(meeting.held_on, days)
            done = None
            if due >= today - datetime.timedelta(days=20):
                if rng.random() < 0.3:  # the latest meetings' items: some done already
                    done = min(today, meeting.held_on + datetime.timedelta(days=rng.randint(1, 10)))
            elif rng.random() >= 0.08:  # one in twelve of the older ones still open, overdue
                done = min(today, due - datetime.timedelta(days=rng.randint(-3, 4)))
            items.append(
                FollowUpItem(
                    meeting_id=meeting.pk,
                    task=task,
                    owner=owner,
                    working_days=days,
                    due_on=due,
                    done_on=done,
                    outcome="已按期办结" if done and done <= due else ("逾期办结" if done else ""),
                )
            )
    attend.objects.bulk_create(links, batch_size=5000)
    staff_attend.objects.bulk_create(staff_links)
    FollowUpItem.objects.bulk_create(items)
    return {
        "alliance_members": len(members),
        "joint_meetings": len(meetings),
        "meeting_attendance": len(links),
        "follow_up_items": len(items),
    }


def _trainings(rng, members, today, insert_rows, now) -> int:
    from apps.volunteers.models import TrainingRecord

    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - start).days
    rows = []
    for pk, _team, joined in members:
        for _ in range(rng.choice((1, 2, 3, 3, 4))):  # about one a year each
            name, content, organiser = TRAININGS[rng.randrange(len(TRAININGS))]
            day = max(joined, start + datetime.timedelta(days=rng.randrange(span)))
            rows.append((pk, name, content, Decimal(rng.choice((2, 3, 4, 6))), organiser, day, now))
    return insert_rows(
        TrainingRecord, ["member_id", "name", "content", "hours", "organiser", "date", "recorded_at"], rows
    )


def _evaluations(rng, confirmed, today, insert_rows, now) -> int:
    """The people served rate about one service in forty; about one in seventy a complaint."""
    from apps.volunteers.choices import EvaluationKind, EvaluationRating
    from apps.volunteers.models import EvaluationRecord

    ratings = list(EvaluationRating.values)
    rows = []
    for _pk, member, activity, day in confirmed:
        if rng.random() >= 0.025:
            continue
        complaint = rng.random() < 0.014
        rows.append(
            (
                member,
                EvaluationKind.COMPLAINT if complaint else EvaluationKind.EVALUATION,
                activity,
                rng.choice(("服务对象", "社区居委会", "服务对象家属")),
                min(day + datetime.timedelta(days=rng.randint(0, 5)), today),
                "" if complaint else rng.choices(ratings, weights=[60, 30, 8, 2])[0],
                rng.choice(("服务时迟到，未提前告知", "服务中态度生硬"))
                if complaint
                else rng.choice(("热情周到", "耐心细致", "准时守信", "讲解清楚")),
                rng.choice(("经核实属实，已提醒改进并向服务对象致歉", "经核实系误会，已向投诉人说明"))
                if complaint and day < today - datetime.timedelta(days=30)
                else "",
                now,
            )
        )
    return insert_rows(
        EvaluationRecord,
        ["member_id", "kind", "activity_id", "evaluator", "date", "rating", "content", "result", "recorded_at"],
        rows,
    )


def _honours_and_media(rng, ctx, members, today) -> tuple[int, int]:
    from apps.volunteers.models import Honour, MediaItem

    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - start).days
    by_team: dict[int, list[int]] = {}
    for pk, team, _joined in members:
        by_team.setdefault(team, []).append(pk)
    honours, media = [], []
    for team in ctx["teams"]:
        for _ in range(rng.choice((1, 2, 3, 3, 4, 5))):
            name, level, body = rng.choices(HONOURS, weights=HONOUR_WEIGHTS)[0]
            person = name == "最美志愿者" and by_team.get(team.pk)
            honours.append(
                Honour(
                    name=name,
                    level=level,
                    awarded_on=start + datetime.timedelta(days=rng.randrange(span)),
                    awarding_body=body,
                    team_id=team.pk,
                    member_id=rng.choice(person) if person else None,
                )
            )
        for _ in range(rng.choice((2, 3, 4, 5, 6, 8))):
            outlet, level = rng.choices(OUTLETS, weights=OUTLET_WEIGHTS)[0]
            media.append(
                MediaItem(
                    outlet=outlet,
                    level=level,
                    published_on=start + datetime.timedelta(days=rng.randrange(span)),
                    title=f"{team.brand_name}：银龄志愿者的{rng.choice(['一天', '坚守', '温暖', '担当', '初心'])}",
                    link="https://www.xuexi.cn/" if outlet == "学习强国" else "",
                    team_id=team.pk,
                )
            )
    Honour.objects.bulk_create(honours)
    MediaItem.objects.bulk_create(media)
    return len(honours), len(media)


def _corrections(rng, records, today, calendar, scale) -> dict:
    """Correction requests (67号令 art. 12–13) in every state: handled ones over the years
    (accepted: the record's hours changed; refused with a reason), open ones of the last
    weeks, some past their deadline."""
    from apps.volunteers.choices import CorrectionChannel, CorrectionStatus
    from apps.volunteers.models import CorrectionRequest, RecordRule, ServiceRecord

    days = RecordRule.days_for("correction")
    wanted = max(12, round(400 * scale))
    # Open ones: asked in the last weeks about a record of the month before (the first of
    # every four asked 22 days ago, past its deadline); handled ones over the years.
    recent = [r for r in records if today - datetime.timedelta(days=60) <= r[3] <= today - datetime.timedelta(days=30)]
    older = [r for r in records if r[3] < today - datetime.timedelta(days=60)]
    chosen = [(r, True) for r in rng.sample(recent, min(len(recent), max(4, wanted // 10)))]
    chosen += [(r, False) for r in rng.sample(older, min(len(older), wanted - len(chosen)))]
    rows, amended = [], []
    for i, ((pk, member, _activity, day, hours), is_recent) in enumerate(chosen):
        description, delta = CORRECTIONS[i % len(CORRECTIONS)]
        if is_recent:
            asked = today - datetime.timedelta(days=(22, 3, 12, 1)[i % 4])
        else:
            asked = day + datetime.timedelta(days=rng.randint(1, 20))
        due = calendar.add_working_days(asked, days)
        correction = CorrectionRequest(
            record_id=pk,
            member_id=member,
            channel=CorrectionChannel.SELF if i % 2 == 0 else CorrectionChannel.LEADER,
            description=description,
            proposed_hours=hours + delta,
            requested_on=asked,
            due_on=due,
        )
        if not is_recent:
            correction.handled_on = calendar.add_working_days(asked, rng.choice((2, 4, 6, 8, 9, 12)))
            if i % 2 == 0:
                correction.status = CorrectionStatus.ACCEPTED
                correction.old_hours, correction.new_hours = hours, hours + delta
                amended.append((pk, hours + delta))
            else:
                correction.status = CorrectionStatus.REFUSED
                correction.refuse_reason = "与签到表核对一致，不予更正"
        rows.append(correction)
    CorrectionRequest.objects.bulk_create(rows, batch_size=2000)
    # The accepted ones changed their records (confirmed again after the correction).
    for pk, new_hours in amended:
        ServiceRecord.objects.filter(pk=pk).update(hours=new_hours, status=RecordStatus.CONFIRMED)
    return {"corrections": len(rows)}


def _certificates(rng, ctx, members, today, scale) -> dict:
    """志愿服务记录证明 for a calendar year's confirmed hours, in every state: requested,
    accepted, issued (on notice), held by an objection, registered, revoked. Numbers in
    issue order per year (``YZZM`` year serial and check code, as the service gives)."""
    from django.db.models import Count, Sum

    from apps.core.masking import mask_id_number
    from apps.volunteers.choices import CertificateStatus as S
    from apps.volunteers.choices import ObjectionStatus
    from apps.volunteers.models import Certificate, CertificateObjection, RecordRule, ServiceRecord, Team, TeamMember
    from apps.volunteers.services import certificate_number

    notice_days = RecordRule.days_for("certificate_notice")
    per_year = max(8, round(130 * scale))
    ids = [pk for pk, _team, _joined in members]
    plans = []  # (member, year, status)
    for year, weights in (
        (today.year - 2, [(S.REGISTERED, 92), (S.REVOKED, 8)]),
        (
            today.year - 1,
            [(S.REQUESTED, 12), (S.ACCEPTED, 10), (S.ISSUED, 12), (S.HELD, 4), (S.REGISTERED, 56), (S.REVOKED, 6)],
        ),
    ):
        picked = rng.sample(ids, min(len(ids), per_year))
        statuses = [s for s, w in weights for _ in range(max(1, round(w * per_year / 100)))]
        for i, member in enumerate(picked):
            plans.append((member, year, statuses[i % len(statuses)]))
    wanted = {m for m, _y, _s in plans}
    sums = {
        (row["member_id"], row["date__year"]): (row["h"], row["n"])
        for row in ServiceRecord.objects.filter(member_id__in=wanted, status=RecordStatus.CONFIRMED)
        .values("member_id", "date__year")
        .annotate(h=Sum("hours"), n=Count("pk"))
        .order_by()
    }
    categories: dict[tuple, set] = {}
    for member, year, name in (
        ServiceRecord.objects.filter(member_id__in=wanted, status=RecordStatus.CONFIRMED)
        .values_list("member_id", "date__year", "activity__category__name")
        .distinct()
        .order_by()
    ):
        categories.setdefault((member, year), set()).add(name)
    people = {
        m.pk: m
        for m in TeamMember.objects.filter(pk__in=wanted)
        .select_related("person")
        .only("pk", "volunteer_number", "team_id", "person__name", "person__id_number_encrypted")
    }
    teams = {t.pk: t for t in Team.objects.filter(pk__in={m.team_id for m in people.values()})}
    certs = []
    for member_id, year, status in plans:
        hours, count = sums.get((member_id, year), (None, 0))
        if not count:
            continue  # no confirmed hours that year: nothing to certify
        member = people[member_id]
        team = teams[member.team_id]
        # Requested this year (last year's hours) or early last year (the year before's).
        requested = datetime.date(year + 1, 1, 10) + datetime.timedelta(days=rng.randint(0, 120))
        if status in (S.REQUESTED, S.ACCEPTED, S.ISSUED, S.HELD):
            requested = today - datetime.timedelta(days=rng.randint(8, 20))
        requested = min(requested, today)
        cert = Certificate(
            member_id=member_id,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            purpose=rng.choice(("评优评先", "志愿服务激励", "个人留存", "申报星级")),
            status=status,
            requested_at=timezone.make_aware(datetime.datetime.combine(requested, datetime.time(9))),
        )
        if status != S.REQUESTED:
            cert.accepted_at = cert.requested_at + datetime.timedelta(days=rng.randint(1, 3))
        if status not in (S.REQUESTED, S.ACCEPTED):
            issued = timezone.localdate(cert.accepted_at) + datetime.timedelta(days=rng.randint(1, 4))
            if status in (S.ISSUED, S.HELD):
                issued = today - datetime.timedelta(days=rng.randint(0, notice_days - 1))
            cert.issued_on = min(issued, today)
            cert.notice_start = cert.issued_on
            cert.notice_end = cert.issued_on + datetime.timedelta(days=notice_days)
            cert.holder_name = member.person.name
            cert.holder_id_masked = mask_id_number(member.person.id_number)
            cert.holder_volunteer_number = member.volunteer_number or ""
            cert.hours, cert.activity_count = hours, count
            cert.content = (
                f"参加“{team.name}”志愿服务 {count} 次，服务类别：{'、'.join(sorted(categories[(member_id, year)]))}。"
            )
            cert.issuer = team.issuer
            cert.person_in_charge, cert.handler, cert.contact = "王建华", "李文静", "0514-87360000"
            if status in (S.REGISTERED, S.REVOKED):
                cert.registered_on = min(cert.notice_end + datetime.timedelta(days=1), today)
            if status == S.REVOKED:
                cert.revoked_at = timezone.make_aware(
                    datetime.datetime.combine(
                        min(cert.registered_on + datetime.timedelta(days=30), today), datetime.time(15)
                    )
                )
                cert.revoke_reason = "服务时长登记有误，已重新开具"
        certs.append(cert)
    seq: dict[int, int] = {}
    for cert in sorted((c for c in certs if c.issued_on), key=lambda c: (c.issued_on, c.member_id)):
        seq[cert.issued_on.year] = seq.get(cert.issued_on.year, 0) + 1
        cert.number = certificate_number(f"YZZM{cert.issued_on.year}{seq[cert.issued_on.year]:05d}")
    field = Certificate._meta.get_field("requested_at")
    field.auto_now_add = False
    try:
        Certificate.objects.bulk_create(certs)
    finally:
        field.auto_now_add = True
    objections = [
        CertificateObjection(
            certificate_id=c.pk,
            raised_on=c.notice_start + datetime.timedelta(days=1) if c.notice_start < today else today,
            raised_by="同队志愿者",
            content="证明所列服务次数与本人记忆不符，请核实。",
            status=ObjectionStatus.OPEN,
        )
        for c in certs
        if c.status == S.HELD
    ]
    CertificateObjection.objects.bulk_create(objections)
    return {"certificates": len(certs), "certificate_objections": len(objections)}


def _star_awards(rng, members, today, calendar) -> int:
    """Every star level a volunteer's confirmed hours of the three years reached, noticed
    for 5 working days, then awarded. The day a level was reached is read off a steady
    pace over the years; one in fifty volunteers' highest level is on notice now and one
    in a hundred and fifty withdrawn after an objection."""
    from django.db.models import Sum

    from apps.volunteers.models import ServiceRecord, StarAward, StarLevel
    from apps.volunteers.services import STAR_NOTICE_WORKING_DAYS

    levels = list(StarLevel.objects.order_by("min_hours"))
    ids = [pk for pk, _team, _joined in members]
    totals = dict(
        ServiceRecord.objects.filter(member_id__in=ids, status=RecordStatus.CONFIRMED)
        .values_list("member_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - start).days
    rows = []
    for i, pk in enumerate(ids):
        total = totals.get(pk) or Decimal(0)
        reached = [level for level in levels if total >= level.min_hours]
        for k, level in enumerate(reached):
            highest = k == len(reached) - 1
            opened = start + datetime.timedelta(days=int(span * level.min_hours / float(total)))
            status, awarded, note = StarAward.AWARDED, None, ""
            if highest and i % 50 == 7:
                opened = today - datetime.timedelta(days=rng.randint(0, 4))
            end = calendar.add_working_days(opened, STAR_NOTICE_WORKING_DAYS)
            if end >= today:
                status = StarAward.NOTICE
            elif highest and i % 150 == 11:
                status, note = StarAward.WITHDRAWN, "公示期间收到异议：部分时长重复登记，经核实撤回"
            else:
                awarded = end + datetime.timedelta(days=1)
            rows.append((pk, level.pk, level.min_hours if not highest else total, opened, end, status, awarded, note))
    StarAward.objects.bulk_create(
        [
            StarAward(
                member_id=m,
                level_id=lv,
                hours=h,
                notice_start=s,
                notice_end=e,
                status=st,
                awarded_on=a,
                note=n,
            )
            for m, lv, h, s, e, st, a, n in rows
        ],
        batch_size=5000,
    )
    return len(rows)


def seed_records(rng, ctx):
    """Everything around the hours, from its own stream (``RECORDS_SEED``): the shared
    ``rng`` is left alone, so the steps after this one build what they built before."""
    import random

    from apps.core.workdays import WorkingCalendar
    from apps.volunteers.models import ServiceRecord, TeamMember

    rng = random.Random(RECORDS_SEED)
    scale = ctx.get("scale", 1)
    insert_rows = ctx.get("insert_rows")
    if insert_rows is None:
        from apps.core.city import insert_rows
    today = timezone.localdate()
    now = timezone.now()
    calendar = WorkingCalendar(today - datetime.timedelta(days=365 * YEARS + 40), today + datetime.timedelta(days=60))
    members = list(
        TeamMember.objects.filter(team__in=ctx["teams"]).order_by("pk").values_list("pk", "team_id", "joined_on")
    )
    records = list(
        ServiceRecord.objects.filter(activity__team__in=ctx["teams"])
        .order_by("pk")
        .values_list("pk", "member_id", "activity_id", "date", "hours", "status")
    )
    confirmed = [(pk, m, a, d) for pk, m, a, d, _h, s in records if s == RecordStatus.CONFIRMED]
    counts: dict[str, int] = {}
    counts["campaigns"], counts["campaign_activities"] = _campaigns(ctx, today)
    counts["trainings"] = _trainings(rng, members, today, insert_rows, now)
    counts["evaluations"] = _evaluations(rng, confirmed, today, insert_rows, now)
    counts["honours"], counts["media_items"] = _honours_and_media(rng, ctx, members, today)
    counts.update(_alliance_and_meetings(rng, ctx, today, calendar, scale))
    counts.update(_corrections(rng, [r[:5] for r in records], today, calendar, scale))
    counts.update(_certificates(rng, ctx, members, today, scale))
    counts["star_awards"] = _star_awards(rng, members, today, calendar)
    ctx["volunteer_extras"] = counts
    return counts
