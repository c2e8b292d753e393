"""Shared fixtures of the 绿扬霞光 tests."""

import datetime

import pytest

from tests import factories as f


@pytest.fixture
def team(cast):
    return cast.team


def member(team, *, birth=datetime.date(1955, 5, 1), joined=datetime.date(2020, 1, 1), **kwargs):
    person = f.PersonFactory(region=team.region, birth_date=birth)
    return f.TeamMemberFactory(team=team, person=person, joined_on=joined, **kwargs)


def activity(team, *, date=None, **kwargs):
    from apps.volunteers.models import Activity, ServiceCategory
    from apps.volunteers.services import activity_save

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
