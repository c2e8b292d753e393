"""Working-day arithmetic for the loop's deadlines, from the shared calendar
``apps.core.workdays`` (holidays and make-up days are data there)."""

import datetime

from apps.core.workdays import WorkingCalendar, add_working_days, working_days_between

__all__ = ["WorkingCalendar", "add_working_days", "overdue_days", "working_days_between"]


def overdue_days(due_on: datetime.date | None, today: datetime.date, calendar=None) -> int:
    """Working days past ``due_on`` as of ``today`` (0 when not late)."""
    if due_on is None or today <= due_on:
        return 0
    if calendar is not None:
        return calendar.working_days_between(due_on, today)
    return working_days_between(due_on, today)
