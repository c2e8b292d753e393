"""The shared working-day calendar: weekends, public holidays and make-up working days."""

import datetime

import pytest

from apps.core import workdays
from apps.core.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db

D = datetime.date


def test_an_ordinary_week_has_five_working_days():
    # 2026-03-09 is a Monday with no holiday that week.
    assert [workdays.is_working_day(D(2026, 3, 9) + datetime.timedelta(days=i)) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_the_migrated_arrangement_knows_the_spring_festival_and_its_make_up_days():
    assert not workdays.is_working_day(D(2026, 2, 16))  # 春节, a Monday
    assert workdays.is_working_day(D(2026, 2, 14))  # 调休, a Saturday
    assert workdays.is_working_day(D(2026, 2, 28))  # 调休, a Saturday
    assert not workdays.is_working_day(D(2025, 10, 8))  # 国庆节、中秋节 2025


def test_ten_working_days_after_an_activity_skip_the_national_day_week():
    # Activity on Monday 2026-09-28: 29, 30 Sep are working days, 1–7 Oct holidays, 8, 9
    # Oct working days, Sat 10 Oct a make-up working day, then 12–16 Oct: the tenth is 16 Oct.
    assert workdays.add_working_days(D(2026, 9, 28), 10) == D(2026, 10, 16)


def test_adding_zero_working_days_is_the_same_day_and_negative_is_refused():
    assert workdays.add_working_days(D(2026, 12, 5), 0) == D(2026, 12, 5)
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2026, 12, 5), -1)


def test_working_days_between_counts_after_the_first_up_to_and_including_the_last():
    assert workdays.working_days_between(D(2026, 12, 4), D(2026, 12, 7)) == 1  # Fri → Mon
    assert workdays.working_days_between(D(2026, 12, 7), D(2026, 12, 4)) == -1
    assert workdays.working_days_between(D(2026, 12, 7), D(2026, 12, 7)) == 0


def test_a_day_staff_enter_changes_the_deadline():
    before = workdays.add_working_days(D(2030, 4, 29), 3)
    CalendarDay.objects.create(date=D(2030, 4, 30), kind=CalendarDayKind.HOLIDAY, name="测试假日")
    assert workdays.add_working_days(D(2030, 4, 29), 3) == before + datetime.timedelta(days=1)


def test_a_calendar_answers_a_range_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = workdays.WorkingCalendar(D(2026, 1, 1), D(2026, 12, 31))
        days = [calendar.add_working_days(D(2026, 1, 1) + datetime.timedelta(days=i), 10) for i in range(300)]
    assert days[0] == D(2026, 1, 15)  # 1–3 Jan holidays; Sun 4 Jan worked is the first


def test_a_calendar_loads_more_when_asked_beyond_its_range(django_assert_num_queries):
    calendar = workdays.WorkingCalendar(D(2026, 1, 5), D(2026, 1, 9))
    with django_assert_num_queries(1):
        assert not calendar.is_working_day(D(2026, 10, 1))
