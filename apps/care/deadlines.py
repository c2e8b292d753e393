"""Deadlines of 牵手夕阳 on the shared working calendar (``apps.core.workdays``)."""

import datetime

from apps.core import workdays


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    return workdays.add_working_days(start, n)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def birthday_in(born: datetime.date, year: int) -> datetime.date:
    """The birthday in ``year`` (29 February → 28 February in a common year)."""
    try:
        return born.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)
