"""Until ``apps.core.workdays`` lands on main: a stand-in with the same API (Monday–Friday,
no holidays), installed only when the real module is absent. Imported by the volunteers
tests and their access rows; once the calendar is merged this module does nothing."""

import datetime
import importlib.util
import sys
import types


def _stand_in_calendar():
    """Until ``apps.core.workdays`` lands on main: Monday–Friday, no holidays, the same
    API. The real module is used as soon as it exists."""
    module = types.ModuleType("apps.core.workdays")

    def is_working_day(d):
        return d.weekday() < 5

    def add_working_days(start, n):
        d = start
        while n > 0:
            d += datetime.timedelta(days=1)
            if is_working_day(d):
                n -= 1
        return d

    def working_days_between(a, b):
        return sum(1 for i in range(1, (b - a).days + 1) if is_working_day(a + datetime.timedelta(days=i)))

    module.is_working_day = is_working_day
    module.add_working_days = add_working_days
    module.working_days_between = working_days_between
    return module


if importlib.util.find_spec("apps.core.workdays") is None:
    sys.modules["apps.core.workdays"] = _stand_in_calendar()
