"""Admin rows for the foundation's models outside people and party."""

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
        obj=lambda cast: _beat("PeriodicTask").objects.create(
            name="测试任务",
            task="people.rebuild_search_columns",
            interval=_beat("IntervalSchedule").objects.create(every=1, period="days"),
        ),
        view={"staff"},
    ),
    "django_celery_beat.intervalschedule": AdminModel(
        obj=lambda cast: _beat("IntervalSchedule").objects.create(every=2, period="days")
    ),
    "django_celery_beat.crontabschedule": AdminModel(
        obj=lambda cast: _beat("CrontabSchedule").objects.create(minute="0", hour="2")
    ),
    "django_celery_beat.solarschedule": AdminModel(
        obj=lambda cast: _beat("SolarSchedule").objects.create(event="sunrise", latitude=32.39, longitude=119.41)
    ),
    "django_celery_beat.clockedschedule": AdminModel(
        obj=lambda cast: _beat("ClockedSchedule").objects.create(
            clocked_time=__import__("django.utils.timezone").utils.timezone.now()
        )
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
        view={"leader", "staff", "district", "sysadmin"},
        add=set(),
        change={"staff"},
        delete=set(),
    ),
    "volunteers.team": AdminModel(
        obj=lambda cast: cast.team, view=BUREAU_VIEW, add=BUREAU_EDIT, change=BUREAU_EDIT, delete=BUREAU_EDIT
    ),
    "volunteers.teammember": AdminModel(
        obj=lambda cast: f.TeamMemberFactory(team=cast.team),
        view=BUREAU_VIEW,
        add=BUREAU_EDIT,
        change=BUREAU_EDIT,
        delete=BUREAU_EDIT,
    ),
    "workforce.rectificationitem": AdminModel(
        obj=lambda cast: f.RectificationItemFactory(),
        view=BUREAU_VIEW,
        add=BUREAU_EDIT,
        change=BUREAU_EDIT,
        delete=BUREAU_EDIT,
    ),
}


def _beat(name):
    from django_celery_beat import models

    return getattr(models, name)


PAGES = {
    "admin:auth_user_password_change": Page(
        lambda cast: f"/admin/accounts/user/{cast.secretary.pk}/password/",
        {r: (200 if r == "sysadmin" else 403 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302},
    ),
}
