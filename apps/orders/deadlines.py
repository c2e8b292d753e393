"""Working-day arithmetic for the loop's deadlines, from the shared calendar
``apps.core.workdays`` (holidays and make-up days are data there).

Until that module is on this branch, Monday to Friday count as working days.
"""

import datetime

try:
    from apps.core.workdays import WorkingCalendar, add_working_days, working_days_between
except ImportError:  # the shared calendar is not merged yet

    def _working(day: datetime.date) -> bool:
        return day.weekday() < 5

    def add_working_days(start: datetime.date, n: int) -> datetime.date:
        day = start
        while n > 0:
            day += datetime.timedelta(days=1)
            n -= _working(day)
        return day

    def working_days_between(a: datetime.date, b: datetime.date) -> int:
        return sum(_working(a + datetime.timedelta(days=i)) for i in range(1, (b - a).days + 1))

    class WorkingCalendar:
        def __init__(self, start, end):
            self.start, self.end = start, end

        is_working_day = staticmethod(_working)
        add_working_days = staticmethod(add_working_days)
        working_days_between = staticmethod(working_days_between)


def overdue_days(due_on: datetime.date | None, today: datetime.date, calendar=None) -> int:
    """Working days past ``due_on`` as of ``today`` (0 when not late)."""
    if due_on is None or today <= due_on:
        return 0
    if calendar is not None:
        return calendar.working_days_between(due_on, today)
    return working_days_between(due_on, today)
