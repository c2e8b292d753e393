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


def deadline_passed(deadline: datetime.date, moment: datetime.datetime) -> bool:
    """True once the whole of ``deadline`` is over at ``moment``."""
    return (
        timezone.make_aware(datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time())) <= moment
    )
