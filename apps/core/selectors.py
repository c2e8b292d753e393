"""Figures for the portal home page: each brand's live counts, in the user's scope."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from apps.party.choices import LogStatus, OrgKind
from apps.party.models import ActivityLog, Membership, Organisation
from apps.people.choices import PersonStatus
from apps.people.models import Person
from apps.volunteers.models import Team, TeamMember
from apps.workforce.models import RectificationItem


def home_figures(user) -> list[dict]:
    """One dict per brand: its name, colour key and (label, value) figures from real data."""
    orgs = (
        Organisation.objects.for_user(user)
        .active()
        .aggregate(total=Count("id"), branches=Count("id", filter=Q(kind=OrgKind.BRANCH)))
    )
    members = Membership.objects.for_user(user).current().count()
    # This year's, as on the secretary's 工作台 (本支部N年情况): a count over all years
    # next to it would read as a contradiction.
    year = timezone.localdate().year
    logs = (
        ActivityLog.objects.for_user(user)
        .filter(status=LogStatus.APPROVED, held_on__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        .count()
    )
    teams = Team.objects.for_user(user).count()
    volunteers = TeamMember.objects.for_user(user).filter(active=True).count()
    cadres = Person.objects.for_user(user).filter(status=PersonStatus.LIVING).count()
    rect = RectificationItem.objects.for_user(user).aggregate(
        total=Count("id"), open=Count("id", filter=~Q(status__in=["done", "verified"]))
    )
    return [
        {
            "key": "vanguard",
            "name": "银发先锋",
            "subtitle": "离退休干部党建",
            "figures": [
                ("党组织", orgs["total"]),
                ("党支部", orgs["branches"]),
                ("在册党员", members),
                (f"{year}年已通过组织生活", logs),
            ],
        },
        {
            "key": "afterglow",
            "name": "绿扬霞光",
            "subtitle": "老干部志愿服务",
            "figures": [("志愿服务团队", teams), ("在队志愿者", volunteers)],
        },
        {
            "key": "sunset",
            "name": "牵手夕阳",
            "subtitle": "服务保障老干部",
            "figures": [("在册老干部", cadres)],
        },
        {
            "key": "loyal",
            "name": "丹心向党",
            "subtitle": "老干部工作队伍建设",
            "figures": [("整改事项", rect["total"]), ("未完成整改", rect["open"])],
        },
    ]
