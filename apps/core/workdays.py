"""Working days, shared by every brand: deadlines "within N working days" (志愿服务记录
10 个工作日, review deadlines, visit tasks, rectification terms …).

A day is a working day when it is Monday–Friday and not a public holiday, or when it is a
weekend day worked in exchange (调休上班). The exceptions are data (:class:`CalendarDay`,
后台 → 工作日历), entered each year as the State Council publishes them.

:class:`WorkingCalendar` loads a date range once and answers in memory: use it in loops.
The module-level functions load what they need themselves (one query each).
"""

from __future__ import annotations

import datetime

from apps.core.models import CalendarDay, CalendarDayKind

ONE_DAY = datetime.timedelta(days=1)
# How far beyond the nominal span a calendar loads when it cannot know the end: a week
# of holidays (春节, 国庆) at most per month is ample.
_SLACK_DAYS = 30


class WorkingCalendar:
    """The working days between ``start`` and ``end`` (inclusive), loaded in one query.
    Asking about a day outside the range loads a wider one (one more query)."""

    def __init__(self, start: datetime.date, end: datetime.date):
        if end < start:
            start, end = end, start
        self._load(start, end)

    def _load(self, start, end):
        self.start, self.end = start, end
        self._exceptions = dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))

    def _cover(self, day):
        if day < self.start or day > self.end:
            self._load(
                min(day, self.start) - datetime.timedelta(days=_SLACK_DAYS),
                max(day, self.end) + datetime.timedelta(days=_SLACK_DAYS),
            )

    def is_working_day(self, day: datetime.date) -> bool:
        self._cover(day)
        kind = self._exceptions.get(day)
        if kind == CalendarDayKind.HOLIDAY:
            return False
        if kind == CalendarDayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``start`` (``n`` ≥ 0; 0 gives ``start`` itself).
        "Within 10 working days of the activity" ends on ``add_working_days(activity, 10)``."""
        if n < 0:
            raise ValueError("工作日数不能为负数。")
        day = start
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: datetime.date, b: datetime.date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when ``b`` < ``a``
        (how many working days overdue or left)."""
        if b < a:
            return -self.working_days_between(b, a)
        self._cover(a)
        self._cover(b)
        count, day = 0, a
        while day < b:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


def _span(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n * 7 // 5 + _SLACK_DAYS)


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    return WorkingCalendar(start, start + _span(n)).add_working_days(start, n)


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    return WorkingCalendar(min(a, b), max(a, b)).working_days_between(a, b)
