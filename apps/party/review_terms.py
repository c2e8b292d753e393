"""How long district staff have to review a submitted activity log: N working days on the
shared calendar (:mod:`apps.core.workdays`), read by the tally's A4 indicator and by the
workspace's review queue alike.

The deadline of a log submitted on day S is the end of the N-th working day after S; a
log is late once that day is over without a review.
"""

import datetime

from django.utils import timezone

from apps.core.workdays import WorkingCalendar

REVIEW_WORKING_DAYS = 7


def submitted_on(submitted_at: datetime.datetime) -> datetime.date:
    return timezone.localtime(submitted_at).date()


def calendar_for(first: datetime.date, last: datetime.date, days: int) -> WorkingCalendar:
    """A calendar covering the deadlines of submissions from ``first`` to ``last``."""
    return WorkingCalendar(first, last + datetime.timedelta(days=days * 2 + 30))


def review_deadline(
    submitted: datetime.date, days: int = REVIEW_WORKING_DAYS, calendar: WorkingCalendar | None = None
) -> datetime.date:
    """The last day a log submitted on ``submitted`` may be reviewed in time."""
    calendar = calendar or calendar_for(submitted, submitted, days)
    return calendar.add_working_days(submitted, days)


def review_deadlines(first: datetime.date, last: datetime.date, days: int = REVIEW_WORKING_DAYS) -> dict:
    """``{submission day: deadline}`` for every day from ``first`` to ``last``: one walk
    over the working days (one query), for scans that judge many submissions at once."""
    calendar = calendar_for(first, last, days)
    horizon = last + datetime.timedelta(days=days * 2 + 30)
    working, day = [], first
    while day < horizon:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            working.append(day)
    found, position, day = {}, 0, first
    while day <= last:
        while working[position] <= day:
            position += 1
        index = position + days - 1
        found[day] = working[index] if days and index < len(working) else calendar.add_working_days(day, days)
        day += datetime.timedelta(days=1)
    return found


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def deadline_passed(deadline: datetime.date, moment: datetime.datetime) -> bool:
    """True once the whole of ``deadline`` is over at ``moment``."""
    return day_start(deadline + datetime.timedelta(days=1)) <= moment
