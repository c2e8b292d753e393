"""Working-day arithmetic for the ledger's deadlines and reminders.

The shared calendar is ``apps.core.workdays`` (holidays and swapped weekends, editable).
Until it is on this branch, the same API counting Monday–Friday stands in, so the ledger
is written once against the shared one; this module then only re-exports it.
"""

import datetime

try:
    from apps.core.workdays import WorkingCalendar, add_working_days, is_working_day, working_days_between
except ImportError:  # the shared calendar has not landed here yet

    def is_working_day(d: datetime.date) -> bool:
        return d.weekday() < 5

    def add_working_days(start: datetime.date, n: int) -> datetime.date:
        step = 1 if n >= 0 else -1
        day, left = start, abs(n)
        while left:
            day += datetime.timedelta(days=step)
            if is_working_day(day):
                left -= 1
        return day

    def working_days_between(a: datetime.date, b: datetime.date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative when b < a)."""
        if b < a:
            return -working_days_between(b, a)
        return sum(1 for i in range(1, (b - a).days + 1) if is_working_day(a + datetime.timedelta(days=i)))

    class WorkingCalendar:
        def __init__(self, start: datetime.date, end: datetime.date):
            self.start, self.end = start, end

        is_working_day = staticmethod(is_working_day)
        add_working_days = staticmethod(add_working_days)
        working_days_between = staticmethod(working_days_between)


__all__ = ["WorkingCalendar", "add_working_days", "is_working_day", "working_days_between"]
