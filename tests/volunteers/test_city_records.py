"""The records seed_city and seed_demo were missing (issues 15 and 16): 绿扬霞光's campaigns,
training and evaluation records, honours and media, the 涉老社团联盟 with its 联席会议,
correction requests, certificates and star notices; 牵手夕阳's door-service orders in the
one 四单 loop (city and demo), its 四就近 points and outings. Counts and states after a
small city, the same rows from the same seed, and the demo's door orders."""

import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from apps.core.brands import seed_steps
from apps.orders.choices import OrderOrigin, OrderStatus
from apps.orders.models import OrderEvent, OrderNumber, ServiceOrder
from apps.regions.models import Region
from apps.volunteers import models as m
from apps.volunteers.choices import CertificateStatus, CorrectionStatus, RecordStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_steps_run_after_what_they_read_and_before_the_tallies():
    city = [s.name for s in seed_steps("city_steps")]
    assert city.index("volunteers.hours") < city.index("volunteers.records")
    assert city.index("care.records") < city.index("care.door_orders")
    assert city.index("orders.orders") < city.index("care.door_orders")
    demo = [s.name for s in seed_steps("demo_steps")]
    assert demo.index("orders.demo") < demo.index("care.door_orders") < demo.index("assessment.tallies")


def test_a_small_city_holds_the_records_in_every_state():
    from apps.care.models import Outing, ServedCadre, ServicePoint

    call_command("seed_city", scale=0.01, stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    members = m.TeamMember.objects.count()
    assert m.Team.objects.count() == 3 and members == 30

    # Campaigns group activities; their person-times are the confirmed records.
    campaigns = m.Campaign.objects.annotate(n=Count("activities"))
    assert campaigns.get(name="文明有我·银耀扬城").n > 100
    assert campaigns.filter(n__gt=0).count() >= 6
    times = m.ServiceRecord.objects.filter(activity__campaign__isnull=False, status=RecordStatus.CONFIRMED).count()
    assert times > 1000
    # Training (about one a year each) and evaluations (one in forty services, a few complaints).
    assert members <= m.TrainingRecord.objects.count() <= 4 * members
    assert not m.TrainingRecord.objects.filter(date__gt=today).exists()
    evaluations = m.EvaluationRecord.objects
    assert 300 <= evaluations.count() <= 800
    assert evaluations.filter(kind="complaint").exists() and evaluations.filter(kind="evaluation").exists()
    # Honours and media at several levels, some honours a person's.
    assert m.Honour.objects.count() >= 3 and m.MediaItem.objects.count() >= 6
    assert m.Honour.objects.values("level").distinct().count() >= 2
    # The alliance, its meetings with attendees and follow-up items done, open and overdue.
    assert m.AllianceMember.objects.count() == 8
    gone = m.AllianceMember.objects.get(left_on__isnull=False)
    assert not gone.meetings.filter(held_on__gte=gone.left_on).exists()
    meetings = m.JointMeeting.objects
    assert meetings.filter(region=None).count() >= 11 and meetings.exclude(region=None).count() >= 50
    assert not meetings.filter(held_on__gt=today).exists()
    assert meetings.filter(region=None, alliance_attendees__isnull=False).distinct().count() >= 12
    items = m.FollowUpItem.objects
    assert items.count() == 2 * meetings.count()
    assert items.filter(done_on__isnull=False).exists()
    assert items.filter(done_on=None, due_on__lt=today).exists()
    # Corrections in every state; the accepted ones changed their records.
    corrections = m.CorrectionRequest.objects
    assert set(corrections.values_list("status", flat=True)) == set(CorrectionStatus.values)
    assert corrections.filter(status=CorrectionStatus.OPEN, due_on__lt=today).exists()
    for c in corrections.filter(status=CorrectionStatus.ACCEPTED).select_related("record"):
        assert c.record.hours == c.new_hours != c.old_hours
    # Certificates in every state; the issued ones numbered, verifiable and on the confirmed hours.
    certificates = m.Certificate.objects
    assert set(certificates.values_list("status", flat=True)) == set(CertificateStatus.values)
    assert m.CertificateObjection.objects.filter(certificate__status=CertificateStatus.HELD).exists()
    from apps.volunteers.services import certificate_number_valid

    for cert in certificates.exclude(number=None):
        assert certificate_number_valid(cert.number)
        records = m.ServiceRecord.objects.filter(
            member_id=cert.member_id, date__range=(cert.period_start, cert.period_end), status=RecordStatus.CONFIRMED
        )
        assert cert.activity_count == records.count() and "*" in cert.holder_id_masked
    assert not certificates.filter(status=CertificateStatus.REQUESTED).exclude(number=None).exists()
    # Star notices: on notice now, awarded after their notice, withdrawn.
    stars = m.StarAward.objects
    assert {"notice", "awarded", "withdrawn"} == set(stars.values_list("status", flat=True))
    assert not stars.filter(status="notice", notice_end__lt=today).exists()
    assert not stars.filter(status="awarded", awarded_on__lte=F("notice_end")).exists()

    # 牵手夕阳: door orders of the one loop, in every state, by teams and by providers.
    door = ServiceOrder.objects.filter(origin=OrderOrigin.DOOR)
    assert door.count() == 40
    assert set(door.values_list("status", flat=True)) == set(OrderStatus.values)
    assert not door.filter(requester_person=None).exists()
    served = door.exclude(status__in=[OrderStatus.SUBMITTED, OrderStatus.REFUSED, OrderStatus.CANCELLED])
    assert served.exclude(team=None).exists() and served.exclude(provider="").exists()
    assert not served.filter(team=None, provider="").exists()
    assert not door.exclude(team=None).exclude(provider="").exists()
    assert not door.annotate(n=Count("events")).filter(n=0).exists()
    assert OrderEvent.objects.filter(order__in=door, kind="evaluate").count() == door.filter(status="evaluated").count()
    # Numbers are the loop's: unique across both kinds, and the counters continue after the last.
    year = today.year
    last = OrderNumber.objects.get(year=year).last
    assert ServiceOrder.objects.filter(number=f"SD{year}{last:06d}").exists()
    assert ServiceOrder.objects.filter(number__startswith=f"SD{year}").count() == last
    # The 四就近 points with the cadres they serve, and the outings.
    assert ServicePoint.objects.count() == 40 and ServedCadre.objects.exists()
    assert Outing.objects.count() >= 6


@pytest.fixture
def volunteers(cast):
    """Two teams of twenty volunteers (the city's teams are larger; the step only reads them)."""
    for team in (cast.team, cast.other_team):
        for _ in range(20):
            f.TeamMemberFactory(team=team, person=f.PersonFactory(region=team.region))
    return {
        "teams": [cast.team, cast.other_team],
        "regions": list(Region.objects.order_by("sort_order")),
        "scale": 0.02,
    }


def _run_and_read(step, ctx, read):
    """Run ``step`` inside a savepoint, read what it built, and roll it back."""
    with transaction.atomic():
        step(dict(ctx))
        rows = read()
        transaction.set_rollback(True)
    return rows


def _volunteer_rows():
    return {
        "campaigns": list(m.Campaign.objects.annotate(n=Count("activities")).order_by("name").values_list("name", "n")),
        "training": list(
            m.TrainingRecord.objects.order_by("member_id", "date", "name").values_list(
                "member_id", "date", "name", "hours"
            )
        ),
        "evaluations": list(
            m.EvaluationRecord.objects.order_by("member_id", "date", "kind", "rating").values_list(
                "member_id", "date", "kind", "rating"
            )
        ),
        "honours": list(
            m.Honour.objects.order_by("team_id", "awarded_on", "name").values_list(
                "team_id", "awarded_on", "name", "level", "member_id"
            )
        ),
        "media": list(
            m.MediaItem.objects.order_by("team_id", "published_on", "title").values_list(
                "team_id", "published_on", "title"
            )
        ),
        "meetings": list(
            m.JointMeeting.objects.order_by("held_on", "title").values_list("held_on", "title", "region_id")
        ),
        "corrections": list(
            m.CorrectionRequest.objects.order_by("record__member_id", "record__date", "requested_on").values_list(
                "record__member_id", "record__date", "requested_on", "status", "new_hours"
            )
        ),
        "certificates": list(
            m.Certificate.objects.order_by("member_id", "period_start").values_list(
                "member_id", "period_start", "status", "number", "hours"
            )
        ),
        "stars": list(
            m.StarAward.objects.order_by("member_id", "level__stars").values_list(
                "member_id", "level__stars", "status", "notice_start"
            )
        ),
    }


def test_the_same_seed_builds_the_same_volunteer_records(volunteers):
    from apps.volunteers.city import seed_hours, seed_records

    def step(ctx):
        seed_hours(random.Random(5), ctx)
        seed_records(random.Random(5), ctx)

    first = _run_and_read(step, volunteers, _volunteer_rows)
    again = _run_and_read(step, volunteers, _volunteer_rows)
    assert all(first.values()), {k: len(v) for k, v in first.items()}
    assert first == again
    # The step leaves the shared stream where it was (the steps after it build what they built).
    shared = random.Random(1)
    _run_and_read(lambda ctx: (seed_hours(random.Random(5), ctx), seed_records(shared, ctx)), volunteers, list)
    assert shared.random() == random.Random(1).random()


def test_the_same_seed_builds_the_same_door_orders(cast):
    from apps.care.city import seed_door_orders

    for _ in range(6):
        f.PersonFactory(retirement_type="lixiu", region=cast.team.region)
    ctx = {"teams": [cast.team, cast.other_team], "scale": 0.01}

    def read():
        return list(
            ServiceOrder.objects.order_by("number").values_list(
                "number", "status", "provider", "team_id", "requester_person_id", "origin", "satisfaction"
            )
        )

    first = _run_and_read(lambda c: seed_door_orders(random.Random(3), c), ctx, read)
    again = _run_and_read(lambda c: seed_door_orders(random.Random(3), c), ctx, read)
    assert len(first) == 40 and first == again
    assert {row[5] for row in first} == {OrderOrigin.DOOR}
    assert {row[1] for row in first} == set(OrderStatus.values)


def test_the_demo_seeds_door_orders_in_every_state_through_the_loop():
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    door = ServiceOrder.objects.filter(origin=OrderOrigin.DOOR)
    assert door.count() == 24
    assert set(door.values_list("status", flat=True)) == set(OrderStatus.values)
    assert not door.filter(requester_person=None).exists()
    assert door.exclude(team=None).exists() and door.exclude(provider="").exists()
    # One loop: the showcase team (demo_team's) has a door order to accept among its 四单 orders.
    showcase = m.Team.objects.get(brand_name="霞满邗城")
    assert door.filter(team=showcase, status=OrderStatus.DISPATCHED).exists()
    # Handed back by a provider once, then dispatched again; every step has its event.
    assert OrderEvent.objects.filter(order__in=door, kind="hand_back").exists()
    assert not door.annotate(n=Count("events")).filter(n=0).exists()
