"""丹心向党's demo data, the seed's own figures: the bureau's and the district bureaus'
staff, a year of ~30 classes with ~1,000 person-times (双讲双升, 8090我最行, 远学浙江近学周边),
upper-level and self-study records, a rectification round with items in every state, 20+
internal-control rules, each leader's contact points with visits and issues, 50+ research
visits and 20+ awarded outcomes.

Written in bulk (the states are set as the services would leave them); dates are relative
to today so that overdue, due-soon and closed items exist whenever the demo is built.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.core.workdays import add_working_days
from apps.workforce import choices as c
from apps.workforce import models as m
from apps.workforce.services import _add_months, class_days

SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志强秀英晓明文华丽娟海涛春燕国平玉兰红梅立新伟东晓燕婷婷思远子涵雨桐浩然嘉怡欣怡宇航明轩梓萱"
POSTS_TOWNSHIP = ["科员", "副主任科员", "主任科员", "四级主任科员", "一级科员", "科长", "副科长"]
POSTS_COUNTY = ["局长", "副局长", "四级调研员", "三级调研员"]

CLASS_SERIES = [
    ("“双讲双升”专题培训班", c.TrainingType.THEORY, "市委老干部局", True),
    ("“8090我最行”青年干部能力提升班", c.TrainingType.IN_SERVICE, "市委老干部局", True),
    ("“远学浙江近学周边”学习考察班", c.TrainingType.IN_SERVICE, "市委老干部局", True),
    ("老干部工作者集中轮训班", c.TrainingType.ROTATION, "市委组织部", True),
    ("新入职干部初任培训班", c.TrainingType.INITIAL, "市委老干部局", True),
    ("科级干部任职培训班", c.TrainingType.APPOINTMENT, "市委党校", True),
    ("党纪学习教育网络专题班", c.TrainingType.THEORY, "江苏省干部在线学习中心", False),
    ("老干部信息化工作业务培训", c.TrainingType.OTHER, "市委老干部局", False),
]

ROUND_PROBLEMS = [
    ("部分离退休干部党支部组织生活记录不规范，台账缺失。", "规范组织生活记录模板，开展台账专项检查。", "组织处"),
    ("老干部活动中心设施老化，适老化程度不够。", "实施活动中心适老化改造，增设无障碍设施。", "活动中心"),
    ("志愿服务记录未及时录入平台。", "建立月度录入提醒和通报机制。", "办公室"),
    ("党建工作经费使用凭证不完整。", "补齐凭证，完善经费报销流程。", "财务科"),
    ("支部书记培训覆盖面不足。", "制定三年轮训计划，按季度通报进度。", "组织处"),
    ("独居老干部走访频次不足。", "落实每月走访制度，建立走访台账。", "生活待遇处"),
    ("政府采购内控流程执行不到位。", "修订政府采购管理办法，实行采购需求审核。", "财务科"),
    ("固定资产账实不符。", "开展资产清查，建立资产动态管理台账。", "办公室"),
    ("合同管理缺少合法性审查环节。", "建立合同会签和法律顾问审查制度。", "办公室"),
    ("意识形态工作责任制落实不够有力。", "制定意识形态工作责任清单，每半年专题研究。", "宣传处"),
    ("干部教育培训学时登记不全。", "建立个人培训学时档案，年底对账。", "组织处"),
    ("离退休干部诉求办理反馈不及时。", "实行诉求办理限时反馈和回访制度。", "生活待遇处"),
]

RULES = [
    (c.RuleArea.UNIT, "内部控制基本制度", "办公室"),
    (c.RuleArea.UNIT, "“三重一大”事项集体决策规则", "办公室"),
    (c.RuleArea.UNIT, "内部控制风险评估办法", "财务科"),
    (c.RuleArea.BUDGET, "预算编制与执行管理办法", "财务科"),
    (c.RuleArea.BUDGET, "预算绩效管理实施细则", "财务科"),
    (c.RuleArea.BUDGET, "决算编报管理规定", "财务科"),
    (c.RuleArea.REVENUE, "财务收支审批管理办法", "财务科"),
    (c.RuleArea.REVENUE, "公务接待管理规定", "办公室"),
    (c.RuleArea.REVENUE, "差旅费管理实施细则", "财务科"),
    (c.RuleArea.REVENUE, "老干部活动经费使用管理办法", "财务科"),
    (c.RuleArea.PROCUREMENT, "政府采购管理办法", "财务科"),
    (c.RuleArea.PROCUREMENT, "采购需求审核规程", "财务科"),
    (c.RuleArea.PROCUREMENT, "小额零星采购管理规定", "办公室"),
    (c.RuleArea.ASSETS, "国有资产管理办法", "办公室"),
    (c.RuleArea.ASSETS, "公务用车管理规定", "办公室"),
    (c.RuleArea.ASSETS, "活动中心设施设备管理办法", "活动中心"),
    (c.RuleArea.CONSTRUCTION, "维修改造项目管理办法", "活动中心"),
    (c.RuleArea.CONSTRUCTION, "建设项目验收管理规定", "办公室"),
    (c.RuleArea.CONTRACT, "合同管理办法", "办公室"),
    (c.RuleArea.CONTRACT, "合同会签与法律审查规程", "办公室"),
    (c.RuleArea.CONTRACT, "合同履行监督检查办法", "财务科"),
    (c.RuleArea.UNIT, "意识形态工作责任清单", "宣传处"),
]

TOPICS = [
    "离退休干部党组织“两个全覆盖”巩固提升",
    "新时代老干部工作高质量发展路径",
    "老干部志愿服务常态化机制",
    "离退休干部服务管理数字化转型",
    "银发人才资源开发利用",
    "独居高龄老干部关爱服务",
    "老干部活动阵地适老化建设",
    "“银发先锋”品牌打造",
    "老干部工作队伍建设",
    "离退休干部党员教育管理",
]
PLACES = ["东关街道", "汶河街道", "邗上街道", "仙女镇", "真州镇", "安宜镇", "昭阳街道", "瓜洲镇", "杭集镇", "文峰街道"]


def _bulk(model, rows: list) -> list:
    """Insert ``rows`` with one history entry each, as the services would leave them."""
    return bulk_create_with_history(rows, model, batch_size=1000, default_change_reason="演示数据")


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))[: rng.choice((1, 2))]


def seed(rng, ctx):
    today = timezone.localdate()
    regions = ctx["regions"]
    city = next(r for r in regions if r.kind == "city")
    staff = _seed_staff(rng, regions, city)
    _seed_training(rng, staff, regions, city, today)
    items = _seed_ledger(rng, staff, city, regions, today)
    _seed_rules(rng, staff, city, regions, items, today)
    _seed_contacts(rng, staff, today)
    _seed_research(rng, staff, today)
    ctx["workforce_staff"] = len(staff)


def _seed_staff(rng, regions, city) -> list[m.StaffMember]:
    rows = []
    for region in regions:
        unit = "市委老干部局" if region == city else f"{region.name}委老干部局"
        size = 34 if region == city else rng.randint(12, 16)
        for i in range(size):
            county = i < (8 if region == city else 3)
            rows.append(
                m.StaffMember(
                    name=_name(rng),
                    region=region,
                    unit=unit,
                    post=POSTS_COUNTY[min(i, 3)] if county else rng.choice(POSTS_TOWNSHIP),
                    rank_band=c.RankBand.COUNTY if county else c.RankBand.TOWNSHIP,
                    joined_on=datetime.date(rng.randint(1995, 2024), rng.randint(1, 12), 1),
                    is_leader=county and i < 5,
                    is_bureau_head=i == 0,
                )
            )
    return _bulk(m.StaffMember, rows)


def _seed_training(rng, staff, regions, city, today):
    year = today.year
    classes = []
    for n in range(30):
        name, kind, organiser, full_time = CLASS_SERIES[n % len(CLASS_SERIES)]
        # Spread over the year up to today: every class has started.
        start = datetime.date(year, 1, 8) + datetime.timedelta(days=int(n * (today.timetuple().tm_yday - 20) / 30))
        length = rng.randint(2, 5) if full_time else 1
        end = min(start + datetime.timedelta(days=length - 1), today)
        hours = Decimal(length * 7) if full_time else Decimal(rng.choice((6, 8, 12)))
        region = city if n % 6 else rng.choice(regions)
        classes.append(
            m.TrainingClass(
                name=f"{name}（第{n // len(CLASS_SERIES) + 1}期）",
                training_type=kind,
                organiser=organiser,
                region=region,
                starts_on=start,
                ends_on=end,
                hours_offline=hours if full_time else Decimal(0),
                hours_online=Decimal(0) if full_time else hours,
                full_time=full_time,
                days=class_days(starts_on=start, ends_on=end, full_time=full_time),
            )
        )
    classes = _bulk(m.TrainingClass, classes)
    enrolments, leaves = [], []
    for cls in classes:
        pool = [s for s in staff if s.region_id == cls.region_id] if cls.region_id != city.pk else staff
        picked = rng.sample(pool, min(len(pool), rng.randint(33, 40)))
        for person in picked:
            start = timezone.make_aware(datetime.datetime.combine(cls.starts_on, datetime.time(8, 30)))
            end = timezone.make_aware(datetime.datetime.combine(cls.ends_on, datetime.time(17, 0)))
            roll = rng.random()
            leave = Decimal(0)
            status = c.EnrolmentStatus.COMPLETED
            if cls.full_time and roll < 0.04:
                leave = (cls.total_hours / 7).quantize(Decimal("0.1")) + Decimal("1")  # over 1/7: withdrawn
                status = c.EnrolmentStatus.WITHDRAWN
            elif roll < 0.12:
                leave = Decimal(rng.choice((1, 2)))
            enrolments.append(
                m.Enrolment(
                    training_class=cls,
                    staff=person,
                    status=status,
                    signed_in_at=start,
                    signed_out_at=end if status == c.EnrolmentStatus.COMPLETED else None,
                    leave_hours=leave,
                    credited_hours=cls.total_hours - leave if status == c.EnrolmentStatus.COMPLETED else Decimal(0),
                    credited_days=cls.days if status == c.EnrolmentStatus.COMPLETED else Decimal(0),
                    note="脱产培训请假超过总学时七分之一，按退学处理（干部教育培训工作条例第十五条）"
                    if status == c.EnrolmentStatus.WITHDRAWN
                    else "",
                )
            )
            if leave:
                leaves.append((len(enrolments) - 1, cls.starts_on, leave))
    enrolments = _bulk(m.Enrolment, enrolments)
    _bulk(
        m.LeaveRecord,
        [
            m.LeaveRecord(enrolment=enrolments[i], on=on, hours=h, reason=rng.choice(["病假", "事假", "公务"]))
            for i, on, h in leaves
        ],
    )
    outside = []
    for person in staff:
        for _ in range(rng.choice((0, 1, 1, 2))):
            kind = rng.choice(list(c.OutsideKind))
            start = datetime.date(today.year, rng.randint(1, today.month), 1)
            online = kind == c.OutsideKind.SELF_STUDY
            hours = Decimal(rng.choice((12, 20, 30, 40, 50)))
            outside.append(
                m.OutsideTraining(
                    staff=person,
                    kind=kind,
                    title={
                        "upper": "省委党校专题进修班",
                        "external": "省老干部局业务培训班",
                        "self_study": "江苏干部在线学习",
                    }[kind],
                    organiser={
                        "upper": "省委组织部",
                        "external": "省委老干部局",
                        "self_study": "江苏省干部在线学习中心",
                    }[kind],
                    starts_on=start,
                    ends_on=min(start + datetime.timedelta(days=4), today),
                    hours_offline=Decimal(0) if online else hours,
                    hours_online=hours if online else Decimal(0),
                    days=Decimal(0) if online else Decimal(5),
                    graduated=rng.random() < 0.9,
                )
            )
        # County-band staff: earlier years of art. 14's five-year window.
        if person.rank_band == c.RankBand.COUNTY:
            for back in range(1, 5):
                outside.append(
                    m.OutsideTraining(
                        staff=person,
                        kind=c.OutsideKind.UPPER,
                        title="市委党校县处级干部进修班",
                        organiser="市委组织部",
                        starts_on=datetime.date(today.year - back, 9, 1),
                        ends_on=datetime.date(today.year - back, 9, 20),
                        hours_offline=Decimal(rng.choice((60, 90, 110, 120))),
                        days=Decimal(20),
                        graduated=True,
                    )
                )
    _bulk(m.OutsideTraining, outside)


def _seed_ledger(rng, staff, city, regions, today):
    """One round (the city bureau's) with items in every state; one per district too."""
    leaders = [s for s in staff if s.region_id == city.pk and s.is_leader and not s.is_bureau_head]
    officers = [s for s in staff if s.region_id == city.pk and not s.is_leader]
    round_ = m.RectificationRound.objects.create(
        name="市委第三巡察组巡察反馈",
        region=city,
        feedback_on=today - datetime.timedelta(days=150),
        note="巡察反馈问题12个，按“五份清单”对账销号。",
    )
    created_at = timezone.make_aware(datetime.datetime.combine(round_.feedback_on, datetime.time(9)))
    # The states, in order: closed (two, one relapsed at its 回头看), verified, done, in progress
    # (on time / due soon / overdue at each rung), open.
    plan = [
        ("closed", -40),
        ("closed", -20),
        ("closed", -10),
        ("verified", 15),
        ("done", 20),
        ("in_progress", 30),
        ("in_progress", 5),
        ("in_progress", -2),
        ("in_progress", -8),
        ("in_progress", -16),
        ("open", 45),
        ("open", 60),
    ]
    items = []
    for (problem, measures, unit), (status, offset) in zip(ROUND_PROBLEMS, plan, strict=True):
        deadline = add_working_days(today, offset)
        closed = status == "closed"
        finished = status in ("closed", "verified", "done")
        rung = 0
        if status in ("open", "in_progress") and deadline < today:
            rung = 1 if offset > -5 else 2 if offset > -10 else 3
        items.append(
            m.RectificationItem(
                round=round_,
                source=round_.name,
                problem=problem,
                task=measures.split("，")[0],
                region=city,
                responsible_unit=unit,
                owner_staff=rng.choice(officers),
                owner="",
                leader=rng.choice(leaders),
                measures=measures,
                rect_class=c.RectificationClass.IMMEDIATE if offset < -30 else c.RectificationClass.DEADLINE,
                deadline=deadline,
                status=status,
                completed_on=deadline - datetime.timedelta(days=3) if finished else None,
                evidence="整改报告、制度文件及现场照片已归档" if finished else "",
                closed_at=created_at + datetime.timedelta(days=100) if closed else None,
                escalation_level=rung,
                created_at=created_at,
            )
        )
    for item in items:
        item.owner = item.owner_staff.name
    items = _bulk(m.RectificationItem, items)
    # created_at is auto_now_add: put the feedback date back.
    m.RectificationItem.objects.filter(pk__in=[i.pk for i in items]).update(created_at=created_at)
    progress, evidence, rechecks = [], [], []
    for item in items:
        if item.status != "open":
            progress.append(
                m.RectificationProgress(
                    item=item,
                    on=round_.feedback_on + datetime.timedelta(days=20),
                    note="已制定整改方案，明确责任分工。",
                )
            )
        if item.status in ("closed", "verified", "done"):
            evidence.append(
                m.RectificationEvidence(
                    item=item, title="整改情况报告", file="workforce/evidence/demo/整改情况报告.pdf"
                )
            )
        if item.status == "closed":
            rechecks.append(
                m.RectificationRecheck(item=item, due_on=today + datetime.timedelta(days=rng.randint(20, 80)))
            )
    _bulk(m.RectificationProgress, progress)
    _bulk(m.RectificationEvidence, evidence)
    _bulk(m.RectificationRecheck, rechecks)
    m.RectificationRecheck.objects.create(
        item=items[0],
        due_on=today - datetime.timedelta(days=5),
        result=c.RecheckResult.PASSED,
        done_on=today - datetime.timedelta(days=5),
        note="回头看：台账规范，整改成效巩固。",
    )
    # Legacy items as the old list had them (free-text owner, no round): one per district.
    for region in regions:
        if region == city:
            continue
        district_staff = [s for s in staff if s.region_id == region.pk]
        district_round = m.RectificationRound.objects.create(
            name=f"{region.name}委巡察组专项巡察反馈", region=region, feedback_on=today - datetime.timedelta(days=90)
        )
        problem, measures, unit = rng.choice(ROUND_PROBLEMS)
        m.RectificationItem.objects.create(
            round=district_round,
            source=district_round.name,
            problem=problem,
            task=measures.split("，")[0],
            region=region,
            responsible_unit=unit,
            owner_staff=district_staff[-1],
            owner=district_staff[-1].name,
            leader=district_staff[1],
            measures=measures,
            deadline=add_working_days(today, rng.randint(-15, 40)),
            status=rng.choice(["open", "in_progress"]),
        )
    return items


def _seed_rules(rng, staff, city, regions, items, today):
    owners = [s for s in staff if s.region_id == city.pk and not s.is_leader]
    rules = []
    for n, (area, title, unit) in enumerate(RULES):
        issued = datetime.date(today.year - rng.randint(1, 4), rng.randint(1, 12), rng.randint(1, 28))
        due = issued
        while due <= today - datetime.timedelta(days=60):
            due = _add_months(due, 12)
        if n % 7 == 3:
            due = today - datetime.timedelta(days=rng.randint(5, 40))  # review overdue
        rules.append(
            m.Rule(
                area=area,
                number=f"扬老干〔{issued.year}〕{n + 3}号",
                title=title,
                region=city,
                issued_on=issued,
                owner_unit=unit,
                owner=rng.choice(owners),
                version=f"{rng.randint(1, 3)}.0",
                review_every_months=12,
                review_due=due,
            )
        )
    rules = _bulk(m.Rule, rules)
    m.Rule.objects.create(
        area=c.RuleArea.PROCUREMENT,
        number=f"扬老干〔{today.year - 6}〕8号",
        title="政府采购管理暂行办法",
        region=city,
        issued_on=datetime.date(today.year - 6, 3, 1),
        owner_unit="财务科",
        version="1.0",
        review_due=datetime.date(today.year - 5, 3, 1),
        superseded_by=rules[10],
    )
    # 建章立制: the rules written to close the ledger's items.
    links = {10: [6], 13: [7], 18: [8], 21: [9], 9: [3]}
    _bulk(
        m.RuleClosure,
        [m.RuleClosure(rule=rules[r], item=items[i]) for r, item_indexes in links.items() for i in item_indexes],
    )


def _seed_contacts(rng, staff, today):
    leaders = [s for s in staff if s.is_leader]
    kinds = list(c.ContactKind)
    points = []
    for leader in leaders:
        for k in range(rng.choice((1, 2))):
            points.append(
                m.ContactPoint(
                    leader=leader,
                    name=f"{rng.choice(PLACES)}{['离退休干部党支部', '老干部志愿服务队', '社区老年大学'][k % 3]}",
                    kind=kinds[(k + 1) % len(kinds)],
                    region=leader.region,
                    since=datetime.date(today.year, 1, 1),
                )
            )
    points = _bulk(m.ContactPoint, points)
    visits = []
    for point in points:
        months = today.month - (1 if rng.random() < 0.2 else 0)  # some fall behind
        for month in range(1, months + 1):
            day = datetime.date(today.year, month, rng.randint(3, 25))
            if day <= today:
                visits.append(
                    m.ContactVisit(
                        point=point,
                        visited_on=day,
                        visitors=f"{point.leader.name}等2人",
                        summary="了解支部活动开展和老干部诉求。",
                    )
                )
    visits = _bulk(m.ContactVisit, visits)
    issues = []
    for visit in rng.sample(visits, min(40, len(visits))):
        state = rng.choice(list(c.IssueStatus))
        issues.append(
            m.ContactIssue(
                visit=visit,
                description=rng.choice(
                    ["活动场地需要维修", "希望增加健康讲座", "党员学习资料更新不及时", "反映门诊报销手续繁琐"]
                ),
                status=state,
                task="协调相关部门办理" if state != c.IssueStatus.OPEN else "",
                assignee="生活待遇处" if state != c.IssueStatus.OPEN else "",
                due_on=visit.visited_on + datetime.timedelta(days=30) if state != c.IssueStatus.OPEN else None,
                closed_on=min(visit.visited_on + datetime.timedelta(days=20), today)
                if state == c.IssueStatus.CLOSED
                else None,
                outcome="已办结并回访" if state == c.IssueStatus.CLOSED else "",
            )
        )
    _bulk(m.ContactIssue, issues)


def _seed_research(rng, staff, today):
    m.ResearchQuota.objects.get_or_create(year=today.year, defaults={"min_days": 60, "min_reports": 1})
    leaders = [s for s in staff if s.is_leader]
    visits = []
    for n in range(max(56, len(leaders))):
        leader = leaders[n % len(leaders)]
        visits.append(
            m.ResearchVisit(
                leader=leader,
                region=leader.region,
                started_on=datetime.date(today.year, rng.randint(1, today.month), 1)
                + datetime.timedelta(days=rng.randint(0, 20)),
                days=Decimal(rng.choice((1, 2, 3, 5))),
                place=rng.choice(PLACES),
                topic=rng.choice(TOPICS),
                findings="基层反映的突出问题和改进建议已形成记录。",
            )
        )
    visits = [v for v in visits if v.started_on <= today] or visits[:1]
    visits = _bulk(m.ResearchVisit, visits)
    reports = []
    awards = [(lvl, grade) for lvl in c.AwardLevel for grade in c.AwardGrade]
    for n, visit in enumerate(visits[:30]):
        awarded = n < 24
        level, grade = awards[n % len(awards)] if awarded else ("", "")
        instructed = n % 4 == 0
        reports.append(research_report(visit, n, level, grade, instructed, today))
    _bulk(m.ResearchReport, reports)


def research_report(visit, n: int, level: str, grade: str, instructed: bool, today) -> "m.ResearchReport":
    """The report of a research visit (the demo's and the city's): submitted a month after
    the visit, awarded when ``level`` is given; one in four with the leader's 批示, and one
    in eight of those converted."""
    return m.ResearchReport(
        leader=visit.leader,
        region_id=visit.region_id,
        visit=visit,
        title=f"关于{visit.topic}的调研报告",
        submitted_on=min(visit.started_on + datetime.timedelta(days=30), today),
        award_level=level,
        award_grade=grade,
        instruction="请组织部、老干部局研究吸收，抓好成果转化。" if instructed else "",
        instructed_by="市委副书记" if instructed else "",
        conversion=c.ConversionStatus.CONVERTED
        if instructed and n % 8 == 0
        else c.ConversionStatus.CONVERTING
        if instructed
        else c.ConversionStatus.NONE,
    )
