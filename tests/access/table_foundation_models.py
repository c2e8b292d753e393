"""Admin rows for the foundation's models outside people and party."""

import datetime

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page

BUREAU_EDIT = {"staff", "district"}
BUREAU_VIEW = {"leader", "staff", "district"}

ADMIN = {
    "accounts.user": AdminModel(
        obj=lambda cast: cast.secretary,
        view={"staff", "sysadmin"},
        add={"sysadmin"},
        change={"sysadmin"},
        delete=set(),
    ),
    "django_celery_beat.periodictask": AdminModel(
        obj=lambda cast: _beat("PeriodicTask").objects.get_or_create(
            name="测试任务",
            defaults={
                "task": "people.rebuild_search_columns",
                "interval": _beat("IntervalSchedule").objects.get_or_create(every=1, period="days")[0],
            },
        )[0],
        view={"staff"},
    ),
    "django_celery_beat.intervalschedule": AdminModel(
        obj=lambda cast: _beat("IntervalSchedule").objects.get_or_create(every=2, period="days")[0]
    ),
    "django_celery_beat.crontabschedule": AdminModel(
        obj=lambda cast: _beat("CrontabSchedule").objects.get_or_create(minute="0", hour="2")[0]
    ),
    "django_celery_beat.solarschedule": AdminModel(
        obj=lambda cast: _beat("SolarSchedule").objects.get_or_create(
            event="sunrise", latitude=32.39, longitude=119.41
        )[0]
    ),
    "django_celery_beat.clockedschedule": AdminModel(
        obj=lambda cast: _beat("ClockedSchedule").objects.get_or_create(clocked_time=CLOCKED_AT)[0]
    ),
    "auth.group": AdminModel(
        obj=lambda cast: __import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.first(),
        view={"sysadmin"},
        add=set(),
        change=set(),
        delete=set(),
    ),
    "regions.region": AdminModel(
        obj=lambda cast: f.region("广陵区"),
        unscoped="region names are public reference data: every signed-in user may list them",
        view={"leader", "staff", "district", "sysadmin"},
        add=set(),
        change={"staff"},
        delete=set(),
    ),
    "core.calendarday": AdminModel(
        obj=lambda cast: _calendar_day(),
        unscoped="the working-day calendar is the State Council's, the same for the whole city",
        view={"leader", "staff", "district"},
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
}


# Every obj() is called once per role on the same cast, so these are get-or-create.
CLOCKED_AT = datetime.datetime(2026, 1, 1, 2, 0, tzinfo=datetime.UTC)


def _beat(name):
    from django_celery_beat import models

    return getattr(models, name)


PAGES = {
    "admin:auth_user_password_change": Page(
        lambda cast: f"/admin/accounts/user/{cast.secretary.pk}/password/",
        {r: (200 if r == "sysadmin" else 403 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302},
    ),
}


def _calendar_day():
    from apps.core.models import CalendarDay

    return CalendarDay.objects.get_or_create(
        date=datetime.date(2030, 1, 1), defaults={"kind": "holiday", "name": "元旦"}
    )[0]
