"""Reads that shape 绿扬霞光 data."""

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from apps.volunteers.choices import MemberStatus, RecordStatus
from apps.volunteers.models import Activity, ServiceRecord, StarLevel, Team, TeamMember


def home_figures(user) -> list[tuple[str, int]]:
    """The teams and active volunteers in the user's scope, for the home page."""
    teams = Team.objects.for_user(user).count()
    volunteers = TeamMember.objects.for_user(user).filter(active=True).count()
    return [("志愿服务团队", teams), ("在队志愿者", volunteers)]


def records_on_time(activities) -> tuple[int, int]:
    """(activities whose records were completed by their deadline, activities due by
    today): an activity still open after its deadline counts as late."""
    today = timezone.localdate()
    row = activities.filter(record_due_on__lte=today).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(records_done_at__isnull=False, records_done_at__date__lte=F("record_due_on"))),
    )
    return row["on_time"], row["due"]


def team_figures(team: Team, *, year: int | None = None) -> dict:
    """The figures on the team leader's home: volunteers, this year's hours, pending hours,
    activities waiting for records and the records-on-time rate. Four queries."""
    today = timezone.localdate()
    year = year or today.year
    members = TeamMember.objects.filter(team=team).aggregate(
        active=Count("pk", filter=Q(status=MemberStatus.ACTIVE)),
        paused=Count("pk", filter=Q(status=MemberStatus.PAUSED)),
    )
    hours = ServiceRecord.objects.filter(activity__team=team, date__year=year).aggregate(
        confirmed=Sum("hours", filter=Q(status=RecordStatus.CONFIRMED)),
        pending=Count("pk", filter=Q(status=RecordStatus.PENDING)),
        returned=Count("pk", filter=Q(status=RecordStatus.RETURNED)),
    )
    activities = Activity.objects.filter(team=team)
    on_time, due = records_on_time(activities.filter(date__year=year))
    waiting = list(activities.filter(records_done_at__isnull=True, date__lte=today).order_by("record_due_on")[:20])
    for a in waiting:
        a.overdue = a.record_due_on < today
        a.days_left = (a.record_due_on - today).days
        a.days_over = -a.days_left
    return {
        "year": year,
        "active": members["active"],
        "paused": members["paused"],
        "confirmed_hours": hours["confirmed"] or Decimal("0"),
        "pending": hours["pending"],
        "returned": hours["returned"],
        "on_time": on_time,
        "due": due,
        "on_time_percent": round(100 * on_time / due) if due else None,
        "waiting": waiting,
    }


def star_for(hours: Decimal, levels: list[StarLevel]) -> StarLevel | None:
    """The highest star level whose threshold ``hours`` reaches (``levels`` in order)."""
    reached = None
    for level in levels:
        if hours >= level.min_hours:
            reached = level
    return reached


def member_stars(queryset) -> list[tuple[TeamMember, Decimal, StarLevel | None]]:
    """Each volunteer of ``queryset`` with his confirmed hours and star level (thresholds
    as data). Two queries."""
    levels = list(StarLevel.objects.order_by("min_hours"))
    rows = queryset.annotate(
        confirmed=Sum("records__hours", filter=Q(records__status=RecordStatus.CONFIRMED))
    ).select_related("person")
    return [(m, m.confirmed or Decimal("0"), star_for(m.confirmed or Decimal("0"), levels)) for m in rows]


def people_in_team(team_id: int) -> Q:
    """The people a team leader sees: their team's members (``person_scopes`` in
    apps/volunteers/brand.py)."""
    return Q(Exists(TeamMember.objects.filter(person=OuterRef("pk"), team_id=team_id)))
