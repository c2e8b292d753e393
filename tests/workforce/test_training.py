"""Training: art. 15's leave rule, sign-in/out, and art. 14 compliance per rank band in one query."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.workforce import selectors, services
from apps.workforce.models import Enrolment, LeaveRecord, OutsideTraining, TrainingRequirement
from tests.workforce.factories import StaffFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 5, 11, 8, 30))


def _complete(cls, staff):
    enrolment = services.enrolment_create(training_class=cls, staff=staff)
    services.enrolment_sign_in(enrolment=enrolment, at=AT)
    return services.enrolment_sign_out(enrolment=enrolment, at=AT + datetime.timedelta(days=4))


def test_a_full_time_class_counts_its_calendar_days():
    cls = TrainingClassFactory(starts_on=datetime.date(2026, 5, 11), ends_on=datetime.date(2026, 5, 15))
    assert cls.days == 5
    part_time = TrainingClassFactory(full_time=False)
    assert part_time.days == 0


def test_leave_up_to_one_seventh_keeps_the_trainee_and_more_withdraws_him():
    cls = TrainingClassFactory(hours_offline=Decimal("35"))  # 1/7 = 5 hours
    enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory())
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("5"), reason="病假")
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("0.5"), reason="事假")
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    assert "七分之一" in enrolment.note


def test_leave_in_a_part_time_class_does_not_withdraw():
    cls = TrainingClassFactory(hours_offline=Decimal("14"), full_time=False)
    enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory())
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("7"), reason="公务")
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_leave_beyond_the_class_hours_is_refused_in_chinese_and_nothing_saved():
    cls = TrainingClassFactory(hours_offline=Decimal("14"), full_time=False)
    enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory())
    with pytest.raises(ValidationError) as exc:
        services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("15"), reason="病假")
    assert "超过本班总学时" in str(exc.value)
    assert not LeaveRecord.objects.exists()


def test_sign_out_before_sign_in_is_refused():
    cls = TrainingClassFactory()
    enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory())
    with pytest.raises(ValidationError, match="尚未签到"):
        services.enrolment_sign_out(enrolment=enrolment, at=AT)
    services.enrolment_sign_in(enrolment=enrolment, at=AT)
    with pytest.raises(ValidationError, match="签退时间不能早于签到时间"):
        services.enrolment_sign_out(enrolment=enrolment, at=AT - datetime.timedelta(hours=1))
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled" and enrolment.signed_out_at is None


def test_sign_out_credits_the_hours_less_leave():
    cls = TrainingClassFactory(hours_offline=Decimal("30"), hours_online=Decimal("5"))
    enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory())
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("3"), reason="病假")
    services.enrolment_sign_in(enrolment=enrolment, at=AT)
    enrolment = services.enrolment_sign_out(enrolment=enrolment, at=AT + datetime.timedelta(hours=2))
    assert enrolment.credited_hours == Decimal("32")
    assert enrolment.credited_days == 5


# ---------------------------------------------------------------------------
# Art. 14 compliance: an edge case per rank band
# ---------------------------------------------------------------------------
def _outside(staff, hours, ends_on, *, graduated=True, days=0):
    return OutsideTraining.objects.create(
        staff=staff,
        kind="upper",
        title="省委党校进修",
        starts_on=ends_on,
        ends_on=ends_on,
        hours_offline=Decimal(hours),
        days=Decimal(days),
        graduated=graduated,
    )


def _row(year, staff):
    return {s.pk: s for s in selectors.training_compliance(year=year)}[staff.pk]


def test_township_band_needs_90_hours_within_the_year():
    exactly = StaffFactory(name="刚好够")
    short = StaffFactory(name="差半学时")
    last_year = StaffFactory(name="去年学的")
    _outside(exactly, "55", datetime.date(2026, 3, 1))
    _complete(TrainingClassFactory(hours_offline=Decimal("35"), full_time=False), exactly)
    _outside(short, "89.5", datetime.date(2026, 3, 1))
    _outside(last_year, "200", datetime.date(2025, 12, 31))
    assert _row(2026, exactly).hours == 90 and _row(2026, exactly).compliant
    assert not _row(2026, short).compliant
    assert not _row(2026, last_year).compliant


def test_township_band_may_meet_it_with_twelve_days_instead():
    staff = StaffFactory()
    _outside(staff, "10", datetime.date(2026, 3, 1), days=12)
    assert _row(2026, staff).compliant
    other = StaffFactory()
    _outside(other, "10", datetime.date(2026, 3, 1), days=11)
    assert not _row(2026, other).compliant


def test_county_band_counts_550_hours_over_five_years_and_not_the_sixth():
    staff = StaffFactory(rank_band="county", joined_on=datetime.date(2010, 1, 1))
    for year in range(2022, 2027):
        _outside(staff, "110", datetime.date(year, 6, 1))
    assert _row(2026, staff).hours == 550 and _row(2026, staff).compliant
    # A year later the 2022 hours fall out of the window: 440 left.
    assert _row(2027, staff).hours == 440 and not _row(2027, staff).compliant


def test_ungraduated_and_withdrawn_records_do_not_count():
    staff = StaffFactory()
    _outside(staff, "100", datetime.date(2026, 3, 1), graduated=False)
    cls = TrainingClassFactory(hours_offline=Decimal("100"))
    enrolment = services.enrolment_create(training_class=cls, staff=staff)
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("20"), reason="病假")
    assert _row(2026, staff).hours == 0


def test_thresholds_are_data():
    staff = StaffFactory()
    _outside(staff, "60", datetime.date(2026, 3, 1))
    assert not _row(2026, staff).compliant
    TrainingRequirement.objects.filter(rank_band="township").update(min_hours=60)
    assert _row(2026, staff).compliant


def test_compliance_of_every_staff_member_is_one_query(django_assert_num_queries):
    for i in range(20):
        staff = StaffFactory(rank_band="county" if i % 2 else "township")
        _outside(staff, "50", datetime.date(2026, 3, 1))
        _complete(TrainingClassFactory(hours_offline=Decimal("40"), full_time=False), staff)
    with django_assert_num_queries(1):
        rows = list(selectors.training_compliance(year=2026))
    assert len(rows) == 20
    assert {r.compliant for r in rows if r.rank_band == "township"} == {True}
    assert {r.compliant for r in rows if r.rank_band == "county"} == {False}
    assert Enrolment.objects.filter(status="completed").count() == 20
