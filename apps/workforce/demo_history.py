"""Demo 丹心向党 history, 2022–2025: the bureau's and the districts' staff classes with
their trainees (more classes every year), the inspection rounds' rectification items
closed on time or late (fewer late every year, and fewer in the stronger districts; this
year's district rounds too, so the year in progress has items due), and
the leaders' research visits with their reports and awards.

Bulk writes with one history row each, as the demo's own step; the shared ``rng`` is read,
not advanced.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.workforce import choices as c
from apps.workforce import models as m
from apps.workforce.demo import CLASS_SERIES, PLACES, TOPICS, _bulk
from apps.workforce.services import class_days

FIRST_YEAR = 2022
PROBLEMS = [
    ("离退休干部党支部组织生活记录不规范", "完善组织生活台账，逐月检查"),
    ("走访慰问制度落实不到位，部分老干部未按期看望", "建立看望台账，逐人落实"),
    ("经费使用审批手续不全", "修订经费管理办法，补齐审批手续"),
    ("老年大学分校教学管理薄弱", "健全教学管理制度，开展教学督导"),
    ("志愿服务活动记录不及时", "落实活动后10个工作日内记录的要求"),
]


def this_years_rounds(regions, city, today, level) -> list:
    """This year's inspection round in each district (the city's is the demo's live round,
    ``demo._seed_ledger``): items due by today closed on time or late as in past years, the
    others still under way. Its own generator: the steps after this one draw as before."""
    rng = random.Random("workforce.history.this-year")
    first = datetime.date(today.year, 1, 1)
    elapsed = (today - first).days
    items = []
    if elapsed < 75:
        return items  # too early in the year for a round with items due
    for region in regions:
        if region.pk == city.pk:
            continue
        feedback = first + datetime.timedelta(days=rng.randint(15, min(150, elapsed - 60)))
        round_ = m.RectificationRound.objects.create(
            name=f"{today.year}年市委巡察组巡察反馈（{region.name}）", region=region, feedback_on=feedback
        )
        for problem, measure in rng.sample(PROBLEMS, rng.randint(2, 4)):
            deadline = feedback + datetime.timedelta(days=rng.choice((60, 90, 120)))
            late = rng.random() > 0.65 + 0.34 * level(today.year, region.pk)
            done = (
                deadline + datetime.timedelta(days=rng.randint(3, 30))
                if late
                else deadline - datetime.timedelta(days=rng.randint(0, 40))
            )
            item = m.RectificationItem(
                round=round_,
                source=round_.name,
                problem=problem,
                task=measure,
                region=region,
                responsible_unit=f"{region.name}老干部工作部门",
                measures=measure,
                rect_class=c.RectificationClass.DEADLINE,
                deadline=deadline,
                status=c.RectificationStatus.IN_PROGRESS,
            )
            closed = done + datetime.timedelta(days=5)
            if closed <= today:
                item.status, item.completed_on = c.RectificationStatus.CLOSED, done
                item.evidence = "整改材料已归档，经验收合格。"
                item.verified_at = timezone.make_aware(
                    datetime.datetime.combine(done + datetime.timedelta(days=3), datetime.time(10))
                )
                item.closed_at = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(10)))
            items.append(item)
    return items


def local_rng(rng: random.Random, name: str) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def seed(rng, ctx):
    rng = local_rng(rng, "workforce.history")
    today = timezone.localdate()
    regions = ctx["regions"]
    city = next(r for r in regions if r.kind == "city")
    strength = {r.pk: rng.random() for r in regions}
    staff = list(m.StaffMember.objects.order_by("pk"))
    years = range(FIRST_YEAR, today.year)

    def level(year, region_id):
        return min(1.0, 0.3 + 0.45 * strength[region_id] + 0.08 * (year - FIRST_YEAR))

    # -- classes and trainees -------------------------------------------------------------
    classes = []
    for year in years:
        count = 14 + 4 * (year - FIRST_YEAR)
        for n in range(count):
            name, kind, organiser, full_time = CLASS_SERIES[n % len(CLASS_SERIES)]
            start = datetime.date(year, 1, 10) + datetime.timedelta(days=int(n * 330 / count))
            length = rng.randint(2, 5) if full_time else 1
            end = start + datetime.timedelta(days=length - 1)
            hours = Decimal(length * 7) if full_time else Decimal(rng.choice((6, 8, 12)))
            classes.append(
                m.TrainingClass(
                    name=f"{year}年{name}（第{n // len(CLASS_SERIES) + 1}期）",
                    training_type=kind,
                    organiser=organiser,
                    region=city if n % 5 else rng.choice(regions),
                    starts_on=start,
                    ends_on=end,
                    hours_offline=hours if full_time else Decimal(0),
                    hours_online=Decimal(0) if full_time else hours,
                    full_time=full_time,
                    days=class_days(starts_on=start, ends_on=end, full_time=full_time),
                )
            )
    classes = _bulk(m.TrainingClass, classes)
    enrolments = []
    for cls in classes:
        pool = [
            s
            for s in staff
            if (cls.region_id == city.pk or s.region_id == cls.region_id)
            and (s.joined_on is None or s.joined_on <= cls.starts_on)
            and (s.left_on is None or s.left_on >= cls.ends_on)
        ]
        for person in rng.sample(pool, min(len(pool), rng.randint(26, 40))):
            withdrawn = cls.full_time and rng.random() < 0.03
            enrolments.append(
                m.Enrolment(
                    training_class=cls,
                    staff=person,
                    status=c.EnrolmentStatus.WITHDRAWN if withdrawn else c.EnrolmentStatus.COMPLETED,
                    signed_in_at=timezone.make_aware(datetime.datetime.combine(cls.starts_on, datetime.time(8, 30))),
                    signed_out_at=None
                    if withdrawn
                    else timezone.make_aware(datetime.datetime.combine(cls.ends_on, datetime.time(17))),
                    credited_hours=Decimal(0) if withdrawn else cls.total_hours,
                    credited_days=Decimal(0) if withdrawn else cls.days,
                    note="脱产培训请假超过总学时七分之一，按退学处理（干部教育培训工作条例第十五条）"
                    if withdrawn
                    else "",
                )
            )
    _bulk(m.Enrolment, enrolments)
    # Online self-study (江苏干部在线学习), taken up by more staff every year.
    outside = []
    for year in years:
        for person in staff:
            if (person.joined_on and person.joined_on.year > year) or (person.left_on and person.left_on.year < year):
                continue
            if rng.random() < 0.3 + 0.5 * level(year, person.region_id):
                start = datetime.date(year, rng.randint(1, 11), 1)
                outside.append(
                    m.OutsideTraining(
                        staff=person,
                        kind=c.OutsideKind.SELF_STUDY,
                        title="江苏干部在线学习",
                        organiser="江苏省干部在线学习中心",
                        starts_on=start,
                        ends_on=start + datetime.timedelta(days=20),
                        hours_online=Decimal(rng.choice((20, 30, 40, 50))),
                        graduated=True,
                    )
                )
    _bulk(m.OutsideTraining, outside)

    # -- rectification rounds: every item closed, on time or late -----------------------------
    items = []
    for year in years:
        for region in regions:  # every district inspected each year (巡察全覆盖)
            feedback = datetime.date(year, rng.randint(2, 6), rng.randint(1, 28))
            round_ = m.RectificationRound.objects.create(
                name=f"{year}年市委巡察组巡察反馈（{region.name}）", region=region, feedback_on=feedback
            )
            for problem, measure in rng.sample(PROBLEMS, rng.randint(2, 4)):
                deadline = feedback + datetime.timedelta(days=rng.choice((60, 90, 120)))
                late = rng.random() > 0.65 + 0.34 * level(year, region.pk)
                done = (
                    deadline + datetime.timedelta(days=rng.randint(3, 30))
                    if late
                    else deadline - datetime.timedelta(days=rng.randint(0, 40))
                )
                items.append(
                    m.RectificationItem(
                        round=round_,
                        source=round_.name,
                        problem=problem,
                        task=measure,
                        region=region,
                        responsible_unit=f"{region.name}老干部工作部门",
                        measures=measure,
                        rect_class=c.RectificationClass.DEADLINE,
                        deadline=deadline,
                        evidence="整改材料已归档，经验收合格。",
                        status=c.RectificationStatus.CLOSED,
                        completed_on=done,
                        verified_at=timezone.make_aware(
                            datetime.datetime.combine(done + datetime.timedelta(days=3), datetime.time(10))
                        ),
                        closed_at=timezone.make_aware(
                            datetime.datetime.combine(done + datetime.timedelta(days=5), datetime.time(10))
                        ),
                    )
                )
    _bulk(m.RectificationItem, items + this_years_rounds(regions, city, today, level))

    # -- research visits, reports and awards --------------------------------------------------
    leaders = [s for s in staff if s.is_leader] or staff[:3]
    visits = []
    for year in years:
        m.ResearchQuota.objects.get_or_create(year=year, defaults={"min_days": 60, "min_reports": 1})
        for n in range(30 + 6 * (year - FIRST_YEAR)):
            leader = leaders[n % len(leaders)]
            visits.append(
                m.ResearchVisit(
                    leader=leader,
                    region=leader.region,
                    started_on=datetime.date(year, rng.randint(1, 11), rng.randint(1, 28)),
                    days=Decimal(rng.choice((1, 2, 3, 5))),
                    place=rng.choice(PLACES),
                    topic=rng.choice(TOPICS),
                    findings="基层反映的突出问题和改进建议已形成记录。",
                )
            )
    visits = _bulk(m.ResearchVisit, visits)
    reports = []
    for n, visit in enumerate(visits):
        if n % 2:
            continue  # one report for every second visit
        year = visit.started_on.year
        awarded = rng.random() < 0.3 + 0.1 * (year - FIRST_YEAR)
        reports.append(
            m.ResearchReport(
                leader=visit.leader,
                region=visit.region,
                visit=visit,
                title=f"关于{visit.topic}的调研报告（{year}年）",
                submitted_on=visit.started_on + datetime.timedelta(days=30),
                award_level=rng.choice(list(c.AwardLevel.values)) if awarded else "",
                award_grade=rng.choice(list(c.AwardGrade.values)) if awarded else "",
                conversion=c.ConversionStatus.CONVERTED if awarded else c.ConversionStatus.NONE,
            )
        )
    _bulk(m.ResearchReport, reports)
    ctx["workforce_history"] = {"classes": len(classes), "items": len(items), "reports": len(reports)}
