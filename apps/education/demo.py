"""Demo and city data of 牵手夕阳 · 老年教育: the four-level network, the plan's ratios, the
district bases and one term whose new-student window has just closed, with some courses
oversubscribed and the seed published (ready for the draw)."""

import datetime
import math
import random
from decimal import Decimal

from django.utils import timezone

from apps.education.choices import (
    AllocationMode,
    Channel,
    CourseLevel,
    CoverageMeasure,
    Demonstration,
    EnrolmentStatus,
    PaymentStatus,
    TermStatus,
    VenueKind,
    VenueLevel,
)
from apps.education.models import Course, CoverageTarget, Discount, DistrictBase, Enrolment, Term, Venue
from apps.education.selectors import DEFAULT_TARGETS

SUBJECTS = [
    "书法",
    "国画",
    "太极拳",
    "声乐",
    "摄影",
    "智能手机应用",
    "葫芦丝",
    "舞蹈",
    "诗词鉴赏",
    "中医养生",
    "扬州剪纸",
    "扬剧",
    "电子琴",
    "英语口语",
    "计算机基础",
    "插花艺术",
    "古琴",
    "太极扇",
]
STREETS = ["东关", "文昌", "汶河", "湾头", "瘦西湖", "梅岭", "邗上", "仙城", "真州", "安宜"]
BASIS = "国办《老年教育发展规划（2016—2020年）》"


def _opened(dates: random.Random, first: int, last: int) -> datetime.date:
    """A start-of-term opening date between ``first`` and ``last`` (spring or autumn)."""
    return datetime.date(dates.randint(first, last), dates.choice([3, 9]), 1)


def _network(rng, regions, per_region_points: int) -> list[Venue]:
    """The network, dated so that it grows over the years: the universities and their
    schools (where the history's courses are held) by 2021, the community learning points
    from 2016 to 2025, and one point closed (merged into another) in 2024. The dates come from a private generator, so ``rng``
    draws what it drew before the venues had dates."""
    dates = random.Random("education.venue-dates")
    city = regions[0]
    root = Venue.objects.create(
        name="扬州老年大学（新校区）",
        level=VenueLevel.CITY,
        kind=VenueKind.UNIVERSITY,
        region=city,
        address="扬州市邗江区文昌西路",
        capacity=3000,
        demonstration=Demonstration.PROVINCIAL,
        opening_hours="周一至周五 8:00—17:00",
        distance_learning=True,
        opened_on=datetime.date(2019, 9, 1),
    )
    venues = [root]
    for region in regions[1:]:
        uni = Venue.objects.create(
            name=f"{region.name}老年大学",
            level=VenueLevel.DISTRICT,
            kind=VenueKind.UNIVERSITY,
            region=region,
            parent=root,
            address=f"扬州市{region.name}",
            capacity=rng.randint(600, 1500),
            demonstration=rng.choice([Demonstration.MUNICIPAL, Demonstration.PROVINCIAL]),
            opening_hours="周一至周五 8:30—16:30",
            distance_learning=rng.random() < 0.7,
            opened_on=_opened(dates, 1992, 2018),
        )
        venues.append(uni)
        schools = []
        for i in range(max(1, per_region_points // 4)):
            street = f"{rng.choice(STREETS)}{'街道' if i % 2 else '镇'}"
            schools.append(
                Venue(
                    name=f"{region.name}{street}老年学校{i + 1}",
                    level=VenueLevel.STREET,
                    kind=rng.choice([VenueKind.BRANCH, VenueKind.TEACHING_POINT]),
                    region=region,
                    parent=uni,
                    capacity=rng.randint(100, 300),
                    opening_hours="周一至周六 8:30—11:30",
                    opened_on=_opened(dates, max(2005, uni.opened_on.year), 2021),
                )
            )
        schools = Venue.objects.bulk_create(schools)
        points = [
            Venue(
                name=f"{region.name}社区学习点{i + 1}",
                level=VenueLevel.COMMUNITY,
                kind=rng.choice([VenueKind.LEARNING_POINT, VenueKind.ACTIVITY_CENTRE]),
                region=region,
                parent=rng.choice(schools),
                capacity=rng.randint(20, 60),
                opening_hours="每天 8:00—20:00",
                opened_on=_opened(dates, 2016, 2025),
            )
            for i in range(per_region_points)
        ]
        if region == regions[1]:
            points[0].opened_on, points[0].closed_on = datetime.date(2016, 3, 1), datetime.date(2024, 9, 1)
            points[0].note = f"2024年9月并入{points[1].name}"
        venues += schools + Venue.objects.bulk_create(points)
        townships = rng.randint(8, 16)
        villages = rng.randint(80, 200)
        elders = rng.randint(60_000, 160_000)
        # A network built out over years: every district has schools in over half of its
        # townships and learning points in over a third of its villages (the plan's 50 %
        # and 30 %); participation, the hardest, is met by some districts only. (The draws
        # are kept as they were, so ``rng`` stays where it was.)
        with_school, with_point = rng.randint(townships // 3, townships), rng.randint(villages // 5, villages // 2)
        DistrictBase.objects.update_or_create(
            region=region,
            defaults=dict(
                townships=townships,
                villages=villages,
                elders=elders,
                townships_with_school=max(with_school, math.ceil(townships * 0.55)),
                villages_with_point=max(with_point, math.ceil(villages * 0.35)),
                regular_learners=int(elders * rng.uniform(0.12, 0.26)),
            ),
        )
    for measure, target in DEFAULT_TARGETS.items():
        CoverageTarget.objects.get_or_create(measure=measure, defaults={"target": target, "basis": BASIS})
    _ = CoverageMeasure
    return venues


def _term(now) -> Term:
    term = Term.objects.create(
        name=f"{now.year}年秋季学期",
        starts_on=(now + datetime.timedelta(days=14)).date(),
        ends_on=(now + datetime.timedelta(days=120)).date(),
        returning_opens_at=now - datetime.timedelta(days=14),
        returning_closes_at=now - datetime.timedelta(days=8),
        new_opens_at=now - datetime.timedelta(days=7),
        new_closes_at=now - datetime.timedelta(hours=1),
        status=TermStatus.OPEN,
    )
    Discount.objects.create(term=term, name="离休干部免学费", retirement_type="lixiu", percent_off=100)
    Discount.objects.create(term=term, name="八十周岁以上减半", min_age=80, percent_off=50)
    return term


def _courses(rng, term, venues, count) -> list[Course]:
    teaching = [v for v in venues if v.level in (VenueLevel.CITY, VenueLevel.DISTRICT, VenueLevel.STREET)]
    courses = []
    for i in range(count):
        venue = teaching[0] if i % 3 == 0 else rng.choice(teaching)
        hour = rng.choice([8, 9, 14, 15])
        courses.append(
            Course(
                term=term,
                venue=venue,
                name=SUBJECTS[i % len(SUBJECTS)],
                level=rng.choice(CourseLevel.values),
                teacher=f"{rng.choice('王李张刘陈杨赵黄周吴')}老师",
                weekday=rng.randint(1, 5),
                starts_at=datetime.time(hour, 30),
                ends_at=datetime.time(hour + 2, 0),
                seats=rng.choice([30, 40, 50, 60]),
                tuition=Decimal(rng.choice([200, 300, 400])),
                max_age=85 if i % 7 == 0 else None,
                mode=AllocationMode.FIRST_COME if i % 10 == 9 else AllocationMode.LOTTERY,
            )
        )
    return Course.objects.bulk_create(courses)


def _applications(rng, term, courses, people, total, now) -> int:
    """``total`` applications, at most three courses a person; half of them go to four
    "hot" classes (书法, 智能手机应用, 太极拳, 国画 at the city university), whose seats are
    set so they are oversubscribed several times over ("一座难求")."""
    lottery_courses = [c for c in courses if c.mode == AllocationMode.LOTTERY]
    hot = [c for c in lottery_courses if c.name in ("书法", "智能手机应用", "太极拳", "国画")][:4]
    for c in hot:
        c.seats = max(5, min(20, total // 20))
    Course.objects.bulk_update(hot, ["seats"])
    rows, seen, per_person = [], set(), {}
    attempts = 0
    while len(rows) < total and attempts < total * 5:
        attempts += 1
        person = rng.choice(people)
        if per_person.get(person.pk, 0) >= 3:
            continue
        course = rng.choice(hot) if hot and rng.random() < 0.5 else rng.choice(lottery_courses)
        if (course.pk, person.pk) in seen:
            continue
        seen.add((course.pk, person.pk))
        per_person[person.pk] = per_person.get(person.pk, 0) + 1
        lixiu = person.retirement_type == "lixiu"
        rows.append(
            Enrolment(
                term=term,
                course=course,
                person=person,
                status=EnrolmentStatus.APPLIED,
                channel=rng.choice([Channel.SELF, Channel.SELF, Channel.FAMILY, Channel.STAFF]),
                lixiu_priority=lixiu,
                fee=Decimal("0") if lixiu else course.tuition,
                discount_name="离休干部免学费" if lixiu else "",
                payment_status=PaymentStatus.EXEMPT if lixiu else PaymentStatus.UNPAID,
                family_consent=True,
                safety_pledge=True,
                consent_by="家属",
            )
        )
    Enrolment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def seed(rng, ctx):
    now = timezone.now()
    venues = _network(rng, ctx["regions"], per_region_points=6)
    term = _term(now)
    courses = _courses(rng, term, venues, 44)
    people = ctx["people"]
    ctx["education_applications"] = _applications(rng, term, courses, people, min(len(people) * 2, 1200), now)
    from apps.education.services import seed_publish

    ctx["education_term"] = seed_publish(None, term, now=now - datetime.timedelta(days=8))


def seed_city(rng, ctx):
    """``seed_city --scale 1``: 400+ venues, a term of ~600 courses and ~30,000 applications."""
    scale = ctx.get("scale", 1)
    now = timezone.now()
    venues = _network(rng, ctx["regions"], per_region_points=max(4, int(36 * scale)))
    term = _term(now)
    courses = _courses(rng, term, venues, max(40, int(600 * scale)))
    _applications(rng, term, courses, ctx["people"], max(400, int(30_000 * scale)), now)
    from apps.education.services import seed_publish

    seed_publish(None, term, now=now - datetime.timedelta(days=8))
