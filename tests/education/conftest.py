import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories as f


def make_term(phase="new", **kw):
    """A term whose ``phase`` window (returning / new / closed) is open now."""
    from apps.education.models import Term

    now = timezone.now()
    offsets = {
        "returning": (-1, 2, 3, 6),
        "new": (-6, -3, -1, 2),
        "closed": (-9, -6, -4, -1),
    }[phase]
    r0, r1, n0, n1 = (now + datetime.timedelta(days=d) for d in offsets)
    values = dict(
        name=f"2026年秋季学期{Term.objects.count()}",
        starts_on=(now + datetime.timedelta(days=10)).date(),
        ends_on=(now + datetime.timedelta(days=120)).date(),
        returning_opens_at=r0,
        returning_closes_at=r1,
        new_opens_at=n0,
        new_closes_at=n1,
        status="open",
    )
    values.update(kw)
    return Term.objects.create(**values)


def make_venue(region="广陵区", **kw):
    from apps.education.models import Venue

    values = dict(name=f"{region}老年大学", level="district", kind="university", region=f.region(region), capacity=500)
    values.update(kw)
    return Venue.objects.create(**values)


def make_course(term, venue=None, **kw):
    from apps.education.models import Course

    values = dict(
        term=term,
        venue=venue or make_venue(),
        name="书法",
        weekday=2,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(11, 0),
        seats=2,
        tuition=Decimal("300"),
        mode="lottery",
    )
    values.update(kw)
    return Course.objects.create(**values)


@pytest.fixture
def elder(db):
    """An elder with an account of their own (no back-office role)."""
    from apps.accounts.services import user_create

    person = f.PersonFactory(name="王秀兰", birth_date=datetime.date(1952, 3, 1))
    user = user_create(username="wangxiulan", password="Elder-pass-2026!", role="", full_name="王秀兰", person=person)
    return user


@pytest.fixture
def family(db):
    """A family member's account linked to an 82-year-old elder without an account."""
    from apps.accounts.services import user_create
    from apps.education.models import Guardian

    person = f.PersonFactory(name="李德明", birth_date=datetime.date(1943, 6, 1))
    user = user_create(username="lixiaohong", password="Family-pass-2026!", role="", full_name="李晓红")
    Guardian.objects.create(user=user, person=person, relation="child")
    user.ward = person
    return user
