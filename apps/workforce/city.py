"""丹心向党 at city scale (``seed_city --scale 1``): three years of the bureau's own work.

At scale 1: the staff of the city bureau and the nine district bureaus (~160, a few joining
and leaving on the way), linked to the city's accounts; each year ~30 classes with ~1,000
person-times (leave, withdrawals under art. 15) and upper-level/self-study records; an
inspection round of the city bureau (12 items) and one per district (4 items) each year —
past rounds closed with evidence, two sign-offs and 回头看 (one relapsed, some closed late),
this year's in every state; ~80 internal-control rules (some superseded, some reviews
overdue) and the items they closed; each leader's contact points with monthly visits
and the issues raised; 60 research visits a year and 30 reports with 24 awards.
Other scales multiply the counts (floors keep every state present).

Written in bulk (``bulk_create``, no history rows: a benchmark city, not a record of
anyone's work); states are set as the services would leave them. Declared in
``apps/workforce/brand.py`` (``city_steps``), after the party's accounts.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.core.workdays import add_working_days
from apps.workforce import choices as c
from apps.workforce import models as m
from apps.workforce.demo import (
    CLASS_SERIES,
    PLACES,
    POSTS_COUNTY,
    POSTS_TOWNSHIP,
    ROUND_PROBLEMS,
    RULES,
    TOPICS,
    _name,
    research_report,
)
from apps.workforce.services import WITHDRAWN_NOTE, _add_months, class_days

BATCH = 2000


def _n(base: int, scale: float, floor: int) -> int:
    return max(floor, round(base * scale))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def seed(rng, ctx):
    from apps.regions.models import Region

    scale = ctx.get("scale", 1)
    today = timezone.localdate()
    years = [y for y in ctx.get("years") or range(today.year - 2, today.year + 1) if y <= today.year][-3:]
    regions = ctx.get("regions") or list(Region.objects.order_by("sort_order"))
    city = next(r for r in regions if r.kind == "city")
    users = _users(ctx)
    staff = _staff(rng, regions, city, scale, years, users)
    counts = {"staff": len(staff)}
    counts.update(_training(rng, staff, regions, city, scale, years, today))
    items, ledger = _ledger(rng, staff, regions, city, scale, years, today, users)
    counts.update(ledger)
    counts.update(_rules(rng, staff, regions, city, scale, years, today, items))
    counts.update(_contacts(rng, staff, years, today))
    counts.update(_research(rng, staff, scale, years, today))
    ctx["workforce"] = counts
    return counts


def _users(ctx) -> dict:
    """The city's accounts (``party.accounts``): the bureau staff, the leader, the districts'."""
    from apps.accounts.models import User

    by_name = dict(User.objects.filter(username__in=["city_staff", "city_leader"]).values_list("username", "pk"))
    return {
        "staff": by_name.get("city_staff"),
        "leader": by_name.get("city_leader"),
        "districts": dict(ctx.get("district_users") or {}),
    }


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------
def _staff(rng, regions, city, scale, years, users) -> list[m.StaffMember]:
    first = datetime.date(years[0], 1, 1)
    rows = []
    for region in regions:
        unit = "市委老干部局" if region == city else f"{region.name}委老干部局"
        size = _n(34 if region == city else rng.randint(12, 16), scale, 6)
        county = min(size - 3, _n(8 if region == city else 3, scale, 3))
        for i in range(size):
            is_county = i < county
            joined = datetime.date(rng.randint(1995, years[0] - 1), rng.randint(1, 12), 1)
            left = None
            if i >= county and rng.random() < 0.04:  # a few leave during the three years
                left = first + datetime.timedelta(days=rng.randint(200, 800))
            elif i >= county and rng.random() < 0.05:  # and a few join
                joined = first + datetime.timedelta(days=rng.randint(100, 700))
            rows.append(
                m.StaffMember(
                    name=_name(rng),
                    region=region,
                    unit=unit,
                    post=POSTS_COUNTY[min(i, 3)] if is_county else rng.choice(POSTS_TOWNSHIP),
                    rank_band=c.RankBand.COUNTY if is_county else c.RankBand.TOWNSHIP,
                    joined_on=joined,
                    left_on=left,
                    is_leader=is_county and i < min(5, county),
                    is_bureau_head=i == 0,
                )
            )
    staff = _bulk(m.StaffMember, rows)
    # Accounts where they have one: the bureau's staff account and each district's.
    links = {}
    if users["staff"]:
        links[users["staff"]] = next(s for s in staff if s.region_id == city.pk and not s.is_leader and not s.left_on)
    for region_id, user_id in users["districts"].items():
        mine = [s for s in staff if s.region_id == region_id and not s.is_leader and not s.left_on]
        if mine and region_id != city.pk:
            links[user_id] = mine[0]
    for user_id, member in links.items():
        member.user_id = user_id
    m.StaffMember.objects.bulk_update(list(links.values()), ["user"])
    return staff


def _in_post(member, day: datetime.date) -> bool:
    return (member.joined_on is None or member.joined_on <= day) and (member.left_on is None or member.left_on >= day)


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------
def _training(rng, staff, regions, city, scale, years, today) -> dict:
    classes = []
    per_year = _n(30, scale, 4)
    for year in years:
        last = min(datetime.date(year, 12, 20), today)
        span = (last - datetime.date(year, 1, 8)).days
        for n in range(per_year):
            name, kind, organiser, full_time = CLASS_SERIES[n % len(CLASS_SERIES)]
            start = datetime.date(year, 1, 8) + datetime.timedelta(days=int(n * span / per_year))
            length = rng.randint(2, 5) if full_time else 1
            end = min(start + datetime.timedelta(days=length - 1), today)
            hours = Decimal(length * 7) if full_time else Decimal(rng.choice((6, 8, 12)))
            region = city if n % 6 else regions[1 + (n // 6 + year) % (len(regions) - 1)]
            classes.append(
                m.TrainingClass(
                    name=f"{year}年{name}（第{n // len(CLASS_SERIES) + 1}期）",
                    training_type=kind,
                    organiser=organiser if region == city else f"{region.name}委老干部局",
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
        pool = [
            s
            for s in staff
            if _in_post(s, cls.starts_on) and (cls.region_id == city.pk or s.region_id == cls.region_id)
        ]
        size = len(pool) if cls.region_id != city.pk else min(len(pool), round(rng.randint(30, 40) * min(1, scale) + 1))
        for person in rng.sample(pool, size):
            roll = rng.random()
            leave, status = Decimal(0), c.EnrolmentStatus.COMPLETED
            if cls.full_time and roll < 0.04:
                leave = (cls.total_hours / 7).quantize(Decimal("0.1")) + Decimal(1)  # over 1/7: withdrawn
                status = c.EnrolmentStatus.WITHDRAWN
            elif roll < 0.12:
                leave = Decimal(rng.choice((1, 2)))
            done = status == c.EnrolmentStatus.COMPLETED
            enrolments.append(
                m.Enrolment(
                    training_class=cls,
                    staff=person,
                    status=status,
                    signed_in_at=_at(cls.starts_on, 8, 30),
                    signed_out_at=_at(cls.ends_on, 17) if done else None,
                    leave_hours=leave,
                    credited_hours=cls.total_hours - leave if done else Decimal(0),
                    credited_days=cls.days if done else Decimal(0),
                    note="" if done else WITHDRAWN_NOTE,
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
    titles = {
        c.OutsideKind.UPPER: ("省委党校专题进修班", "省委组织部"),
        c.OutsideKind.EXTERNAL: ("省老干部局业务培训班", "省委老干部局"),
        c.OutsideKind.SELF_STUDY: ("江苏干部在线学习", "江苏省干部在线学习中心"),
    }
    for year in years:
        last_month = 12 if year < today.year else today.month
        for person in staff:
            if not _in_post(person, datetime.date(year, last_month, 1)):
                continue
            for _ in range(rng.choice((0, 1, 1, 2))):
                kind = rng.choice(list(c.OutsideKind))
                start = datetime.date(year, rng.randint(1, last_month), 1)
                online = kind == c.OutsideKind.SELF_STUDY
                hours = Decimal(rng.choice((12, 20, 30, 40, 50)))
                outside.append(
                    m.OutsideTraining(
                        staff=person,
                        kind=kind,
                        title=titles[kind][0],
                        organiser=titles[kind][1],
                        starts_on=start,
                        ends_on=min(start + datetime.timedelta(days=4), today),
                        hours_offline=Decimal(0) if online else hours,
                        hours_online=hours if online else Decimal(0),
                        days=Decimal(0) if online else Decimal(5),
                        graduated=rng.random() < 0.9,
                    )
                )
            # County band: its five-year window reaches back before the city's three years.
            if person.rank_band == c.RankBand.COUNTY and year == years[0]:
                for back in range(1, 3):
                    outside.append(
                        m.OutsideTraining(
                            staff=person,
                            kind=c.OutsideKind.UPPER,
                            title="市委党校县处级干部进修班",
                            organiser="市委组织部",
                            starts_on=datetime.date(year - back, 9, 1),
                            ends_on=datetime.date(year - back, 9, 20),
                            hours_offline=Decimal(rng.choice((60, 90, 110, 120))),
                            days=Decimal(20),
                            graduated=True,
                        )
                    )
    _bulk(m.OutsideTraining, outside)
    return {
        "training_classes": len(classes),
        "enrolments": len(enrolments),
        "person_times": sum(e.status == c.EnrolmentStatus.COMPLETED for e in enrolments),
        "outside_training": len(outside),
    }


# ---------------------------------------------------------------------------
# Rectification ledger
# ---------------------------------------------------------------------------
# This year's city round: every state, deadlines in working days from today (as the demo).
CURRENT_PLAN = [
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


def _rung(deadline: datetime.date, today: datetime.date, status: str) -> int:
    if status not in ("open", "in_progress") or deadline >= today:
        return 0
    late = (today - deadline).days
    return 1 if late < 7 else 2 if late < 14 else 3


def _ledger(rng, staff, regions, city, scale, years, today, users):
    by_region = {}
    for s in staff:
        by_region.setdefault(s.region_id, []).append(s)
    rounds, plans = [], []
    district_items = _n(4, scale, 2)
    city_items = max(len(CURRENT_PLAN), round(12 * scale))
    for year in years:
        current = year == years[-1]
        feedback = today - datetime.timedelta(days=150) if current else datetime.date(year, 4, 10)
        for region in regions:
            name = "市委巡察组巡察反馈" if region == city else f"{region.name}委巡察组专项巡察反馈"
            rounds.append(
                m.RectificationRound(
                    name=f"{year}年{name}",
                    region=region,
                    feedback_on=feedback if region == city else feedback + datetime.timedelta(days=30),
                    note=f"巡察反馈问题{city_items if region == city else district_items}个，按“五份清单”对账销号。",
                )
            )
            plans.append((current, city_items if region == city else district_items))
    rounds = _bulk(m.RectificationRound, rounds)
    items, feedback_dates = [], []
    for index, (round_, (current, count)) in enumerate(zip(rounds, plans, strict=True)):
        people = by_region[round_.region_id]
        # Owners are officers without the accounts that verify and sign off.
        officers = [s for s in people if not s.is_leader and not s.user_id] or people
        leaders = [s for s in people if s.is_leader and not s.is_bureau_head] or people[:1]
        for k in range(count):
            problem, measures, unit = ROUND_PROBLEMS[(k + index) % len(ROUND_PROBLEMS)]
            if current and round_.region_id == city.pk:
                status, offset = CURRENT_PLAN[k % len(CURRENT_PLAN)]
                deadline = add_working_days(today, offset)
            elif current:
                status = rng.choice(["open", "in_progress", "in_progress", "done", "closed"])
                deadline = add_working_days(today, rng.randint(-15, 40))
            else:
                status = "closed" if rng.random() < 0.95 else "in_progress"  # a few still open, long overdue
                deadline = add_working_days(round_.feedback_on, rng.choice((10, 60, 60, 60, 250)))
                deadline = min(deadline, today - datetime.timedelta(days=30))
            finished = status in ("closed", "verified", "done")
            late = finished and rng.random() < 0.15
            completed = (
                deadline + datetime.timedelta(days=rng.randint(1, 20))
                if late
                else deadline - datetime.timedelta(days=rng.randint(0, 20))
            )
            completed = max(min(completed, today), round_.feedback_on + datetime.timedelta(days=5))
            closed = status == "closed"
            owner = rng.choice(officers)
            items.append(
                m.RectificationItem(
                    round=round_,
                    source=round_.name,
                    problem=problem,
                    task=measures.split("，")[0],
                    region_id=round_.region_id,
                    responsible_unit=unit,
                    owner_staff=owner,
                    owner=owner.name,
                    leader=rng.choice(leaders),
                    measures=measures,
                    rect_class=c.RectificationClass.IMMEDIATE
                    if (current and deadline < today - datetime.timedelta(days=40))
                    else rng.choice(
                        [c.RectificationClass.DEADLINE, c.RectificationClass.DEADLINE, c.RectificationClass.LONG_TERM]
                    ),
                    deadline=deadline,
                    status=status,
                    completed_on=completed if finished else None,
                    evidence="整改报告、制度文件及现场照片已归档" if finished else "",
                    verifier_id=users["staff"] if status in ("closed", "verified") else None,
                    verified_at=_at(completed, 10) if status in ("closed", "verified") else None,
                    signed_off_by_id=users["leader"] if closed else None,
                    closed_at=_at(min(completed + datetime.timedelta(days=7), today), 16) if closed else None,
                    escalation_level=_rung(deadline, today, status),
                )
            )
            feedback_dates.append(round_.feedback_on)
    items = _bulk(m.RectificationItem, items)
    # created_at is auto_now_add: the round's feedback date, one update per round.
    for round_ in rounds:
        m.RectificationItem.objects.filter(round=round_).update(created_at=_at(round_.feedback_on, 9))
    progress, evidence, rechecks = [], [], []
    for item, feedback in zip(items, feedback_dates, strict=True):
        if item.status != "open":
            for step in range(rng.randint(1, 3)):
                on = min(feedback + datetime.timedelta(days=20 + 30 * step), today)
                progress.append(
                    m.RectificationProgress(
                        item=item,
                        on=on,
                        note=[
                            "已制定整改方案，明确责任分工。",
                            "整改措施推进中，已完成阶段任务。",
                            "整改基本完成，正在收集佐证材料。",
                        ][step],
                    )
                )
        if item.status in ("closed", "verified", "done"):
            evidence.append(
                m.RectificationEvidence(
                    item=item, title="整改情况报告", file="workforce/evidence/city/整改情况报告.pdf"
                )
            )
        if item.status == "closed":
            due = timezone.localdate(item.closed_at) + datetime.timedelta(days=90)
            done = due <= today
            rechecks.append(
                m.RectificationRecheck(
                    item=item,
                    due_on=due,
                    result=c.RecheckResult.PASSED if done else c.RecheckResult.SCHEDULED,
                    done_on=due if done else None,
                    note="回头看：台账规范，整改成效巩固。" if done else "",
                    checked_by_id=users["staff"] if done else None,
                )
            )
    # The relapsed ones: a past item re-opened at its 回头看 (a fresh deadline, still open).
    relapsed = [i for i in items if i.status == "in_progress" and i.deadline < today - datetime.timedelta(days=30)][:2]
    for item in relapsed:
        rechecks.append(
            m.RectificationRecheck(
                item=item,
                due_on=item.deadline,
                result=c.RecheckResult.RELAPSED,
                done_on=item.deadline,
                note="回头看：问题出现反弹，重新整改。",
                checked_by_id=users["staff"],
            )
        )
    _bulk(m.RectificationProgress, progress)
    _bulk(m.RectificationEvidence, evidence)
    _bulk(m.RectificationRecheck, rechecks)
    return items, {
        "rectification_rounds": len(rounds),
        "rectification_items": len(items),
        "rectification_progress": len(progress),
        "rechecks": len(rechecks),
    }


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------
def _rules(rng, staff, regions, city, scale, years, today, items) -> dict:
    owners = {}
    for s in staff:
        if not s.is_leader:
            owners.setdefault(s.region_id, []).append(s)
    rows = []
    for region in regions:
        chosen = RULES if region == city else rng.sample(RULES, min(len(RULES), _n(6, scale, 2)))
        prefix = "扬老干" if region == city else f"{region.name[:2]}老干"
        for n, (area, title, unit) in enumerate(chosen):
            issued = datetime.date(years[0] - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
            due = issued
            while due <= today - datetime.timedelta(days=60):
                due = _add_months(due, 12)
            if n % 7 == 3:
                due = today - datetime.timedelta(days=rng.randint(5, 40))  # review overdue
            rows.append(
                m.Rule(
                    area=area,
                    number=f"{prefix}〔{issued.year}〕{n + 3}号",
                    title=title,
                    region=region,
                    issued_on=issued,
                    owner_unit=unit,
                    owner=rng.choice(owners.get(region.pk) or staff),
                    version=f"{rng.randint(1, 3)}.0",
                    review_every_months=12,
                    review_due=due,
                    last_reviewed_on=_add_months(due, -12) if due > issued else None,
                )
            )
    rules = _bulk(m.Rule, rows)
    # Older versions, superseded by the current ones (one in five).
    older = [
        m.Rule(
            area=rule.area,
            number=f"{rule.number.split('〔')[0]}〔{rule.issued_on.year - 3}〕{k + 1}号",
            title=f"{rule.title}（暂行）",
            region_id=rule.region_id,
            issued_on=rule.issued_on.replace(year=rule.issued_on.year - 3, day=1),
            owner_unit=rule.owner_unit,
            version="1.0",
            review_due=rule.issued_on,
            superseded_by=rule,
        )
        for k, rule in enumerate(rules[::5])
    ]
    _bulk(m.Rule, older)
    # 建章立制: closed items in a region linked to a rule of that region (about one in four).
    by_region = {}
    for rule in rules:
        by_region.setdefault(rule.region_id, []).append(rule)
    closures = [
        m.RuleClosure(rule=rng.choice(by_region[item.region_id]), item=item)
        for item in items
        if item.status == "closed" and item.region_id in by_region and rng.random() < 0.25
    ]
    _bulk(m.RuleClosure, closures)
    return {"rules": len(rules) + len(older), "rule_closures": len(closures)}


# ---------------------------------------------------------------------------
# Contact points
# ---------------------------------------------------------------------------
def _contacts(rng, staff, years, today) -> dict:
    leaders = [s for s in staff if s.is_leader]
    kinds = list(c.ContactKind)
    since = datetime.date(years[0], 1, 1)
    points = _bulk(
        m.ContactPoint,
        [
            m.ContactPoint(
                leader=leader,
                name=f"{rng.choice(PLACES)}{['离退休干部党支部', '老干部志愿服务队', '社区老年大学'][k % 3]}",
                kind=kinds[(k + 1) % len(kinds)],
                region_id=leader.region_id,
                visit_every_months=1 if k == 0 else rng.choice((1, 2)),
                since=since,
            )
            for leader in leaders
            for k in range(rng.choice((1, 2)))
        ],
    )
    visits = []
    for point in points:
        behind = rng.random() < 0.2  # some fall behind this year
        month = since
        while month <= today:
            skip = rng.random() < 0.08 or (behind and month.year == today.year and month.month == today.month)
            day = month + datetime.timedelta(days=rng.randint(2, 24))
            if not skip and day <= today:
                visits.append(
                    m.ContactVisit(
                        point=point,
                        visited_on=day,
                        visitors=f"{point.leader.name}等{rng.randint(2, 4)}人",
                        summary="了解支部活动开展和老干部诉求。",
                    )
                )
            month = _add_months(month, point.visit_every_months)
    visits = _bulk(m.ContactVisit, visits)
    issues = []
    for visit in visits:
        if rng.random() >= 0.15:
            continue
        recent = (today - visit.visited_on).days < 60
        state = rng.choice(list(c.IssueStatus)) if recent else c.IssueStatus.CLOSED
        assigned = state != c.IssueStatus.OPEN
        issues.append(
            m.ContactIssue(
                visit=visit,
                description=rng.choice(
                    ["活动场地需要维修", "希望增加健康讲座", "党员学习资料更新不及时", "反映门诊报销手续繁琐"]
                ),
                status=state,
                task="协调相关部门办理" if assigned else "",
                assignee="生活待遇处" if assigned else "",
                due_on=visit.visited_on + datetime.timedelta(days=30) if assigned else None,
                closed_on=min(visit.visited_on + datetime.timedelta(days=20), today)
                if state == c.IssueStatus.CLOSED
                else None,
                outcome="已办结并回访" if state == c.IssueStatus.CLOSED else "",
            )
        )
    _bulk(m.ContactIssue, issues)
    return {"contact_points": len(points), "contact_visits": len(visits), "contact_issues": len(issues)}


# ---------------------------------------------------------------------------
# Research
# ---------------------------------------------------------------------------
def _research(rng, staff, scale, years, today) -> dict:
    existing = set(m.ResearchQuota.objects.filter(year__in=years).values_list("year", flat=True))
    _bulk(m.ResearchQuota, [m.ResearchQuota(year=y, min_days=60, min_reports=1) for y in years if y not in existing])
    leaders = [s for s in staff if s.is_leader]
    awards = [(lvl, grade) for lvl in c.AwardLevel for grade in c.AwardGrade]
    visits_total = reports_total = 0
    per_year = max(_n(60, scale, 6), len(leaders))
    for year in years:
        last = min(datetime.date(year, 12, 31), today)
        span = (last - datetime.date(year, 1, 1)).days
        visits = _bulk(
            m.ResearchVisit,
            [
                m.ResearchVisit(
                    leader=leaders[n % len(leaders)],
                    region_id=leaders[n % len(leaders)].region_id,
                    started_on=datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span)),
                    days=Decimal(rng.choice((1, 2, 3, 5))),
                    place=rng.choice(PLACES),
                    topic=rng.choice(TOPICS),
                    findings="基层反映的突出问题和改进建议已形成记录。",
                )
                for n in range(per_year)
            ],
        )
        reports = []
        for n, visit in enumerate(visits[: _n(30, scale, 4)]):
            awarded = n < _n(24, scale, 3)
            level, grade = awards[(n + year) % len(awards)] if awarded else ("", "")
            instructed = n % 4 == 0
            reports.append(research_report(visit, n, level, grade, instructed, today))
        _bulk(m.ResearchReport, reports)
        visits_total += len(visits)
        reports_total += len(reports)
    return {"research_visits": visits_total, "research_reports": reports_total}
