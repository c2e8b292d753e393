"""Demo 老年教育 history: the spring and autumn terms since 2022 (and 2026's spring term,
before the demo's own autumn term), each closed, with courses at the network's teaching
venues and their students — more courses and students every year, a growing share of
them 结业.

Bulk writes (``bulk_create`` as the demo's own step); the shared ``rng`` is read, not
advanced.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.education.choices import (
    AllocationMode,
    Channel,
    CourseLevel,
    EnrolmentStatus,
    PaymentStatus,
    TermStatus,
    VenueLevel,
)
from apps.education.demo import SUBJECTS
from apps.education.models import Course, Enrolment, Term, Venue

FIRST_YEAR = 2022


def local_rng(rng: random.Random, name: str) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{name}:{copy.getrandbits(64)}")


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _terms(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    terms = []
    for year in range(FIRST_YEAR, today.year + 1):
        for name, start, end in (
            ("春季学期", datetime.date(year, 3, 1), datetime.date(year, 6, 30)),
            ("秋季学期", datetime.date(year, 9, 1), datetime.date(year + 1, 1, 15)),
        ):
            if end < today:  # finished terms only: the demo's own term is the current one
                terms.append((f"{year}年{name}", start, end))
    return terms


def seed(rng, ctx):
    rng = local_rng(rng, "education.history")
    today = timezone.localdate()
    teaching = list(
        Venue.objects.filter(level__in=(VenueLevel.CITY, VenueLevel.DISTRICT, VenueLevel.STREET)).order_by("pk")
    )
    people = ctx["people"]
    courses, plan = [], []
    for name, starts, ends in _terms(today):
        if Term.objects.filter(name=name).exists():
            continue
        opens = starts - datetime.timedelta(days=30)
        term = Term.objects.create(
            name=name,
            starts_on=starts,
            ends_on=ends,
            returning_opens_at=_aware(opens),
            returning_closes_at=_aware(opens + datetime.timedelta(days=6)),
            new_opens_at=_aware(opens + datetime.timedelta(days=7)),
            new_closes_at=_aware(opens + datetime.timedelta(days=14)),
            status=TermStatus.CLOSED,
            drawn_at=_aware(opens + datetime.timedelta(days=16)),
        )
        grown = starts.year - FIRST_YEAR
        for i in range(12 + 4 * grown):
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
                    seats=rng.choice([20, 25, 30, 40]),
                    tuition=Decimal(rng.choice([200, 300, 400])),
                    mode=AllocationMode.LOTTERY,
                )
            )
            plan.append(grown)
    Course.objects.bulk_create(courses, batch_size=2000)

    rows = []
    for course, grown in zip(courses, plan, strict=True):
        taken = min(course.seats, int(course.seats * (0.7 + 0.07 * grown)) + rng.randint(0, 3))
        for person in rng.sample(people, min(len(people), taken)):
            lixiu = person.retirement_type == "lixiu"
            done = rng.random() < 0.8 + 0.04 * grown
            rows.append(
                Enrolment(
                    term=course.term,
                    course=course,
                    person=person,
                    status=EnrolmentStatus.COMPLETED if done else EnrolmentStatus.NOT_COMPLETED,
                    returning=rng.random() < 0.4,
                    channel=rng.choice([Channel.SELF, Channel.SELF, Channel.FAMILY, Channel.STAFF]),
                    lixiu_priority=lixiu,
                    fee=Decimal("0") if lixiu else course.tuition,
                    discount_name="离休干部免学费" if lixiu else "",
                    payment_status=PaymentStatus.EXEMPT if lixiu else PaymentStatus.PAID,
                    paid_at=None if lixiu else course.term.new_closes_at,
                    family_consent=True,
                    safety_pledge=True,
                    consent_by="家属",
                )
            )
        course.seats_taken = taken
    Course.objects.bulk_update(courses, ["seats_taken"], batch_size=500)
    Enrolment.objects.bulk_create(rows, batch_size=2000)
    ctx["education_history"] = {"courses": len(courses), "enrolments": len(rows)}
