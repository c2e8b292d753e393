"""Enrolment through the services: windows, limits, age rule, duplicates, on behalf,
seats, the waiting list with timed offers, payment, transfer, roll call and 结业."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.education import services
from apps.education.models import Course, Enrolment, Guardian
from tests import factories as f
from tests.education.conftest import make_course, make_term

pytestmark = pytest.mark.django_db


def _apply(user, course, person=None, **kw):
    return services.enrol(user, course, person or user.person, **kw)


def test_self_enrolment_in_the_new_window_waits_for_the_draw(elder):
    course = make_course(make_term("new"))
    e = _apply(elder, course)
    assert (e.status, e.channel, e.entered_by, e.fee) == ("applied", "self", elder, course.tuition)
    assert Course.objects.get(pk=course.pk).seats_taken == 0


def test_family_enrols_on_behalf_recorded_as_such_with_consent_for_80_plus(family):
    course = make_course(make_term("new"))
    with pytest.raises(ValidationError) as err:
        services.enrol(family, course, family.ward)
    assert "家属知情同意" in err.value.messages[0] and "安全承诺" in err.value.messages[0]
    assert not Enrolment.objects.exists()
    e = services.enrol(family, course, family.ward, family_consent=True, safety_pledge=True, consent_by="李晓红")
    assert (e.channel, e.entered_by, e.consent_by) == ("family", family, "李晓红")


def test_a_stranger_cannot_enrol_someone_else(elder, family):
    with pytest.raises(PermissionDenied):
        services.enrol(elder, make_course(make_term("new")), family.ward)


def test_staff_enrol_on_behalf_only_within_their_district(cast):
    course = make_course(make_term("new"))
    inside = f.PersonFactory(birth_date=datetime.date(1955, 1, 1))
    outside = f.PersonFactory(region=f.region("邗江区"), birth_date=datetime.date(1955, 1, 1))
    assert services.enrol(cast.district, course, inside).channel == "staff"
    with pytest.raises(PermissionDenied):
        services.enrol(cast.district, course, outside)
    with pytest.raises(PermissionDenied):
        services.enrol(cast.secretary, course, inside)


@pytest.mark.parametrize(
    "phase,message",
    [("closed", "现在不在报名时间内"), ("returning", "现在是老学员续报时间")],
)
def test_outside_the_window_is_refused(elder, phase, message):
    with pytest.raises(ValidationError) as err:
        _apply(elder, make_course(make_term(phase)))
    assert message in err.value.messages[0]
    assert not Enrolment.objects.exists()


def test_returning_student_renews_first_and_takes_a_seat(elder):
    old_term = make_term("closed", starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 1, 10))
    old = make_course(old_term)
    Enrolment.objects.create(term=old_term, course=old, person=elder.person, status="completed")
    course = make_course(make_term("returning"))
    e = _apply(elder, course)
    assert (e.status, e.returning) == ("admitted", True)
    assert Course.objects.get(pk=course.pk).seats_taken == 1


def test_second_enrolment_in_the_same_class_and_the_limit(elder):
    term = make_term("new", course_limit=2)
    a, b, c = (make_course(term, name=n) for n in ("书法", "国画", "声乐"))
    _apply(elder, a)
    with pytest.raises(ValidationError) as err:
        _apply(elder, a)
    assert "不能重复报名" in err.value.messages[0]
    _apply(elder, b)
    with pytest.raises(ValidationError) as err:
        _apply(elder, c)
    assert err.value.messages == ["每人每学期最多报名 2 门课程，这位老同志已报名 2 门。"]
    assert Enrolment.objects.count() == 2


def test_age_limits_and_discounts_as_data(elder, family):
    from apps.education.models import Discount

    term = make_term("new")
    Discount.objects.create(term=term, name="八十周岁以上减半", min_age=80, percent_off=50)
    young_only = make_course(term, name="街舞", max_age=75)
    with pytest.raises(ValidationError) as err:
        services.enrol(family, young_only, family.ward, family_consent=True, safety_pledge=True, consent_by="李晓红")
    assert "75 周岁及以下" in err.value.messages[0]
    e = services.enrol(
        family, make_course(term), family.ward, family_consent=True, safety_pledge=True, consent_by="李晓红"
    )
    assert (e.fee, e.discount_name) == (150, "八十周岁以上减半")


def test_first_come_fills_the_seats_then_the_waiting_list(cast):
    course = make_course(make_term("new"), mode="first_come", seats=2)
    people = [f.PersonFactory(birth_date=datetime.date(1956, 1, 1)) for _ in range(3)]
    results = [services.enrol(cast.district, course, p) for p in people]
    assert [e.status for e in results] == ["admitted", "admitted", "waitlisted"]
    assert results[2].queue_position == 1 and services.queue_place(results[2]) == 1
    assert Course.objects.get(pk=course.pk).seats_taken == 2


def _full_course_with_queue(cast, waiting=2):
    course = make_course(make_term("new"), mode="first_come", seats=1, tuition=0)
    people = [f.PersonFactory(birth_date=datetime.date(1956, 1, 1)) for _ in range(1 + waiting)]
    return course, [services.enrol(cast.district, course, p) for p in people]


def test_a_withdrawal_offers_the_seat_to_the_next_for_the_hold_then_it_passes_on(cast):
    course, (seated, first, second) = _full_course_with_queue(cast)
    t0 = timezone.now()
    services.withdraw(cast.district, seated, now=t0)
    first.refresh_from_db()
    assert first.status == "offered"
    assert first.offer_expires_at == t0 + datetime.timedelta(hours=48)
    assert services.queue_place(Enrolment.objects.get(pk=second.pk)) == 1
    assert Course.objects.get(pk=course.pk).seats_taken == 1  # held for the offer

    assert services.offers_lapse(now=t0 + datetime.timedelta(hours=47)) == 0
    assert services.offers_lapse(now=t0 + datetime.timedelta(hours=49)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("lapsed", "offered")

    with pytest.raises(ValidationError) as err:
        services.offer_accept(cast.district, first, now=t0 + datetime.timedelta(hours=50))
    assert "没有待确认的递补名额" in err.value.messages[0]
    services.offer_accept(cast.district, second, now=t0 + datetime.timedelta(hours=50))
    assert Enrolment.objects.get(pk=second.pk).status == "admitted"
    assert Course.objects.get(pk=course.pk).seats_taken == 1


def test_accepting_an_expired_offer_is_refused_and_nothing_changes(cast):
    _course, (seated, first) = _full_course_with_queue(cast, waiting=1)
    t0 = timezone.now()
    services.withdraw(cast.district, seated, now=t0)
    with pytest.raises(ValidationError) as err:
        services.offer_accept(cast.district, Enrolment.objects.get(pk=first.pk), now=t0 + datetime.timedelta(hours=49))
    assert "保留时间已于" in err.value.messages[0]
    assert Enrolment.objects.get(pk=first.pk).status == "offered"


def test_the_last_leaving_frees_the_seat_when_nobody_waits(cast):
    course, (seated,) = _full_course_with_queue(cast, waiting=0)
    services.withdraw(cast.district, seated)
    assert Course.objects.get(pk=course.pk).seats_taken == 0


def test_payment_refund_release_unpaid_and_transfer(cast):
    term = make_term("new")
    a = make_course(term, mode="first_come", seats=1)
    b = make_course(term, name="国画", mode="first_come", seats=1, venue=a.venue)
    p1, p2, p3 = (f.PersonFactory(birth_date=datetime.date(1956, 1, 1)) for _ in range(3))
    e1 = services.enrol(cast.district, a, p1)
    w = services.enrol(cast.district, a, p2)
    services.mark_paid(cast.district, e1)
    moved = services.transfer(cast.district, Enrolment.objects.get(pk=e1.pk), b)
    assert (moved.course, moved.payment_status, moved.transferred_from_id) == (b, "paid", e1.pk)
    assert Enrolment.objects.get(pk=e1.pk).status == "transferred"
    assert Enrolment.objects.get(pk=w.pk).status == "offered"
    with pytest.raises(ValidationError) as err:
        services.transfer(cast.district, Enrolment.objects.get(pk=services.enrol(cast.district, b, p3).pk), a)
    assert "只有已录取的学员可以转班" in err.value.messages[0]
    services.withdraw(cast.district, moved)
    assert Enrolment.objects.get(pk=moved.pk).payment_status == "refund_due"
    services.refund(cast.district, Enrolment.objects.get(pk=moved.pk))
    assert Enrolment.objects.get(pk=moved.pk).payment_status == "refunded"
    offered = Enrolment.objects.get(pk=w.pk)
    services.offer_accept(cast.district, offered)
    services.release_unpaid(cast.district, Enrolment.objects.get(pk=w.pk))
    assert Enrolment.objects.get(pk=w.pk).status == "lapsed"
    assert Course.objects.get(pk=a.pk).seats_taken == 0
    with pytest.raises(PermissionDenied):
        services.mark_paid(cast.district_other, moved)


def test_roll_call_and_completion(cast):
    course = make_course(make_term("new"), mode="first_come", seats=3, tuition=0)
    people = [f.PersonFactory(birth_date=datetime.date(1956, 1, 1)) for _ in range(2)]
    keen, absent = (services.enrol(cast.district, course, p) for p in people)
    today = timezone.localdate()
    for d in range(3):
        services.roll_call(cast.district, course, today - datetime.timedelta(days=d), {keen.pk})
    with pytest.raises(PermissionDenied):
        services.roll_call(cast.district_other, course, today, {keen.pk})
    assert services.course_complete(cast.district, course) == {"completed": 1, "not_completed": 1}
    assert Enrolment.objects.get(pk=keen.pk).status == "completed"
    assert Enrolment.objects.get(pk=absent.pk).status == "not_completed"


def test_guardian_link_is_what_lets_a_family_member_in(family, elder):
    course = make_course(make_term("new"))
    Guardian.objects.filter(user=family).delete()
    with pytest.raises(PermissionDenied):
        services.enrol(family, course, family.ward, family_consent=True, safety_pledge=True, consent_by="李晓红")


def test_after_the_draw_free_seats_are_taken_first_come_and_full_classes_queue(cast):
    """插班补录: once drawn, a lottery class with seats left admits at once; a full one
    puts the late applicant at the end of its waiting list."""
    from apps.education.models import Term

    term = make_term("new")
    roomy = make_course(term, seats=5)
    full = make_course(term, name="国画", seats=1, venue=roomy.venue)
    for _ in range(2):
        services.enrol(cast.district, full, f.PersonFactory(birth_date=datetime.date(1956, 1, 1)))
    Term.objects.filter(pk=term.pk).update(new_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    services.seed_publish(cast.staff, term)
    services.lottery_draw(cast.staff, Term.objects.get(pk=term.pk))
    late = f.PersonFactory(birth_date=datetime.date(1956, 1, 1))
    assert services.enrol(cast.district, roomy, late).status == "admitted"
    queued = services.enrol(cast.district, full, late)
    assert (queued.status, queued.queue_position) == ("waitlisted", 2)
