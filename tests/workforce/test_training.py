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


# ---------------------------------------------------------------------------
# The aggregated query against a plain reading of art. 14, record by record
# ---------------------------------------------------------------------------
def expected_compliance(year: int) -> dict:
    """Each staff member in post during ``year``: (hours, days, compliant), summed in Python
    from the enrolments and outside records one by one — the reference the one-query
    selector must match exactly (tests/workforce/test_city.py runs it on demo and city data)."""
    from apps.workforce.models import StaffMember

    bands = {r.rank_band: r for r in TrainingRequirement.objects.all()}
    result = {}
    for staff in StaffMember.objects.all():
        if (staff.joined_on and staff.joined_on.year > year) or (staff.left_on and staff.left_on.year < year):
            continue
        band = bands[staff.rank_band]
        window = range(year - band.period_years + 1, year + 1)
        hours = days = Decimal("0")
        for e in Enrolment.objects.filter(staff=staff).select_related("training_class"):
            if e.status == "completed" and e.training_class.ends_on.year in window:
                hours += e.credited_hours
                days += e.credited_days
        for o in OutsideTraining.objects.filter(staff=staff):
            if o.graduated and o.ends_on.year in window:
                hours += o.hours_offline + o.hours_online
                days += o.days
        result[staff.pk] = (hours, days, hours >= band.min_hours or days >= band.min_days)
    return result


def actual_compliance(year: int) -> dict:
    return {s.pk: (s.hours, s.days, s.compliant) for s in selectors.training_compliance(year=year)}


def test_the_one_query_matches_the_record_by_record_reading_in_every_window():
    county = StaffFactory(rank_band="county", joined_on=datetime.date(2010, 1, 1))
    township = StaffFactory(joined_on=datetime.date(2010, 1, 1))
    joined_late = StaffFactory(joined_on=datetime.date(2026, 12, 31))
    left_early = StaffFactory(joined_on=datetime.date(2010, 1, 1), left_on=datetime.date(2024, 1, 1))
    for n, ends_on in enumerate(
        [datetime.date(2020, 12, 31), datetime.date(2021, 1, 1), datetime.date(2023, 6, 1), datetime.date(2026, 12, 31)]
    ):
        cls = TrainingClassFactory(
            starts_on=ends_on - datetime.timedelta(days=3),
            ends_on=ends_on,
            hours_offline=Decimal("30.5"),
            hours_online=Decimal(n),
            full_time=bool(n % 2),
        )
        for staff in (county, township, joined_late, left_early):
            if not (staff.left_on and staff.left_on < cls.starts_on):
                _complete(cls, staff)
        _outside(county, f"{40 + n}.5", ends_on, days=n, graduated=bool(n != 2))
        _outside(township, "12", ends_on, days=3)
    withdrawn = services.enrolment_create(training_class=TrainingClassFactory(hours_offline=Decimal("7")), staff=county)
    services.leave_record(enrolment=withdrawn, on=withdrawn.training_class.starts_on, hours=Decimal("2"), reason="病假")
    for year in (2020, 2021, 2023, 2024, 2025, 2026, 2027):
        assert actual_compliance(year) == expected_compliance(year), year
    assert set(actual_compliance(2026)) == {county.pk, township.pk, joined_late.pk}
    assert set(actual_compliance(2023)) == {county.pk, township.pk, left_early.pk}


def test_the_counts_per_band_and_per_region_are_one_query_and_agree_with_the_list(django_assert_num_queries):
    from tests.factories import region

    for i in range(6):
        staff = StaffFactory(
            rank_band="county" if i % 3 == 0 else "township", region=region("广陵区" if i % 2 else "邗江区")
        )
        _outside(staff, "95" if i % 2 else "20", datetime.date(2026, 3, 1))
    StaffFactory(left_on=datetime.date(2025, 6, 30))  # not in post in 2026: counted nowhere
    with django_assert_num_queries(1):
        summary = selectors.training_summary(year=2026)
    assert {band: (row["total"], row["met"]) for band, row in summary.items()} == {"township": (4, 2), "county": (2, 0)}
    with django_assert_num_queries(1):
        per_region = {r["region"]: (r["total"], r["met"]) for r in selectors.training_counts(year=2026, by="region")}
    assert per_region == {region("广陵区").pk: (3, 2), region("邗江区").pk: (3, 0)}
