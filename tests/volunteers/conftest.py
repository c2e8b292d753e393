"""Shared fixtures of the 绿扬霞光 tests."""

import datetime
import importlib.util
import sys
import types

import pytest

from tests import factories as f


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


@pytest.fixture
def team(cast):
    return cast.team


def member(team, *, birth=datetime.date(1955, 5, 1), joined=datetime.date(2020, 1, 1), **kwargs):
    person = f.PersonFactory(region=team.region, birth_date=birth)
    return f.TeamMemberFactory(team=team, person=person, joined_on=joined, **kwargs)


def activity(team, *, date=None, **kwargs):
    from apps.volunteers.models import ServiceCategory
    from apps.volunteers.services import activity_save
    from apps.volunteers.models import Activity

    fields = {
        "title": "东关街文明劝导",
        "date": date or datetime.date(2026, 3, 2),
        "place": "东关街",
        "content": "文明劝导、垃圾分类宣传",
        "risk_notice": "注意交通安全",
        "category": ServiceCategory.objects.get(name="文明创建"),
    }
    fields.update(kwargs)
    return activity_save(activity=Activity(team=team, **fields))
