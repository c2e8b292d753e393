"""Reads that shape 绿扬霞光 data."""

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from apps.volunteers.choices import CorrectionStatus, MemberStatus, RecordStatus
from apps.volunteers.models import Activity, CorrectionRequest, ServiceRecord, StarLevel, Team, TeamMember


def home_figures(user) -> list[tuple[str, int]]:
    """The teams and active volunteers in the user's scope, for the home page; a
    volunteer's own account (no role) his confirmed hours and services instead."""
    if user.is_authenticated and not user.role and user.person_id:
        mine = ServiceRecord.objects.filter(member__person_id=user.person_id, status=RecordStatus.CONFIRMED).aggregate(
            hours=Sum("hours"), times=Count("pk")
        )
        if mine["times"]:
            hours = Decimal(mine["hours"]).quantize(Decimal("0.1"))
            return [("我的确认服务时长（小时）", hours), ("我的服务次数", mine["times"])]
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
    activities waiting for records, the records-on-time rate and the open correction
    requests (overdue ones counted). Five queries."""
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
    corrections = CorrectionRequest.objects.filter(member__team=team, status=CorrectionStatus.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
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
        "corrections_open": corrections["open"],
        "corrections_overdue": corrections["overdue"],
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


# ---------------------------------------------------------------------------
# A volunteer's training, evaluation and correction records (his record page)
# ---------------------------------------------------------------------------
def member_other_records(member: TeamMember, *, limit: int = 50) -> dict:
    """The training (art. 8) and evaluation (art. 10) records and the correction requests
    (art. 13) of ``member`` for his record page: three queries, whatever their number."""
    from apps.volunteers.models import EvaluationRecord, TrainingRecord

    today = timezone.localdate()
    corrections = list(
        CorrectionRequest.objects.filter(member=member)
        .select_related("record__activity", "activity")
        .order_by("-requested_on", "-pk")[:limit]
    )
    for c in corrections:
        c.overdue = c.overdue_on(today)
    return {
        "trainings": list(TrainingRecord.objects.filter(member=member).order_by("-date", "-pk")[:limit]),
        "evaluations": list(
            EvaluationRecord.objects.filter(member=member).select_related("activity").order_by("-date", "-pk")[:limit]
        ),
        "corrections": corrections,
    }


# ---------------------------------------------------------------------------
# Special campaigns: person-times (confirmed participations) and hours
# ---------------------------------------------------------------------------
def campaign_figures(campaign, *, user=None) -> dict:
    """A campaign's activities, person-times (人次 = confirmed service records) and
    confirmed hours, by team and by region, within ``user``'s scope (all when ``None``).
    Three queries."""
    activities = Activity.objects.filter(campaign=campaign)
    records = ServiceRecord.objects.filter(activity__campaign=campaign, status=RecordStatus.CONFIRMED)
    if user is not None:
        activities, records = activities.for_user(user), records.for_user(user)
    by_team_activities = dict(activities.order_by().values_list("team").annotate(n=Count("pk")))
    teams = list(
        records.order_by()
        .values("activity__team", team=F("activity__team__name"), region=F("activity__team__region__name"))
        .annotate(times=Count("pk"), hours=Sum("hours"), people=Count("member", distinct=True))
        .order_by("-times", "team")
    )
    seen = set()
    for row in teams:
        row["activities"] = by_team_activities.get(row["activity__team"], 0)
        seen.add(row["activity__team"])
    missing = [pk for pk in by_team_activities if pk not in seen]
    if missing:
        for t in Team.objects.filter(pk__in=missing).select_related("region").order_by("name"):
            teams.append(
                {
                    "team": t.name,
                    "region": t.region.name,
                    "times": 0,
                    "hours": Decimal(0),
                    "people": 0,
                    "activities": by_team_activities[t.pk],
                }
            )
    regions: dict[str, dict] = {}
    for row in teams:
        r = regions.setdefault(
            row["region"], {"region": row["region"], "activities": 0, "times": 0, "hours": Decimal(0)}
        )
        r["activities"] += row["activities"]
        r["times"] += row["times"]
        r["hours"] += row["hours"] or Decimal(0)
    return {
        "teams": teams,
        "regions": sorted(regions.values(), key=lambda r: -r["times"]),
        "activities": sum(by_team_activities.values()),
        "times": sum(r["times"] for r in teams),
        "hours": sum((r["hours"] or Decimal(0) for r in teams), Decimal(0)),
    }


def campaign_totals(*, year: int, region_id: int | None = None) -> list[dict]:
    """Each campaign's person-times and confirmed hours in ``year`` (and region), for the
    dashboard section. One query."""
    records = ServiceRecord.objects.filter(
        date__year=year, status=RecordStatus.CONFIRMED, activity__campaign__isnull=False
    )
    if region_id:
        records = records.filter(activity__team__region_id=region_id)
    return list(
        records.order_by()
        .values(name=F("activity__campaign__name"))
        .annotate(
            times=Count("pk"),
            hours=Sum("hours"),
            activities=Count("activity", distinct=True),
            teams=Count("activity__team", distinct=True),
        )
        .order_by("-times", "name")
    )


# ---------------------------------------------------------------------------
# Certificates on notice (公示)
# ---------------------------------------------------------------------------
def certificates_on_notice(user):
    """Certificates published inside the unit (on notice or held by an objection), in the
    user's scope, soonest end first."""
    from apps.volunteers.choices import CertificateStatus
    from apps.volunteers.models import Certificate

    return (
        Certificate.objects.for_user(user)
        .filter(status__in=[CertificateStatus.ISSUED, CertificateStatus.HELD])
        .select_related("member__team")
        .order_by("notice_end", "number")
    )


# ---------------------------------------------------------------------------
# A volunteer's own page (我的志愿服务, 67号令 art. 12)
# ---------------------------------------------------------------------------
def is_volunteer(user) -> bool:
    """An elder account (no role) whose person is a volunteer of a team: where his home
    card leads (``leads_to`` in apps/volunteers/brand.py). No query for other accounts."""
    if not user.is_authenticated or user.role or not user.person_id:
        return False
    return TeamMember.objects.filter(person_id=user.person_id).exists()


def my_service(person_id: int, *, limit: int = 200) -> dict:
    """The volunteer's records in every team he served (newest first, with their
    activity), confirmed hours by year and in all, his star level (thresholds as data) and
    his correction requests. Five queries, whatever their number."""
    from django.db.models.functions import ExtractYear

    today = timezone.localdate()
    records = list(
        ServiceRecord.objects.filter(member__person_id=person_id)
        .select_related("activity__category", "member__team")
        .order_by("-date", "-pk")[:limit]
    )
    confirmed = ServiceRecord.objects.filter(member__person_id=person_id, status=RecordStatus.CONFIRMED)
    by_year = list(
        confirmed.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(hours=Sum("hours"), times=Count("pk"))
        .order_by("-year")
    )
    tenth = Decimal("0.1")
    for row in by_year:  # SQLite sums decimals without their places
        row["hours"] = Decimal(row["hours"]).quantize(tenth)
    total = sum((row["hours"] for row in by_year), Decimal("0.0"))
    levels = list(StarLevel.objects.order_by("min_hours"))
    corrections = list(
        CorrectionRequest.objects.filter(member__person_id=person_id)
        .select_related("record__activity", "activity")
        .order_by("-requested_on", "-pk")[:50]
    )
    for c in corrections:
        c.overdue = c.overdue_on(today)
    open_records = {c.record_id for c in corrections if c.status == CorrectionStatus.OPEN and c.record_id}
    for r in records:
        r.asked = r.pk in open_records
    next_star = next((level for level in levels if level.min_hours > total), None)
    return {
        "records": records,
        "pending": sum(1 for r in records if r.status == RecordStatus.PENDING),
        "by_year": by_year,
        "total": total,
        "star": star_for(total, levels),
        "next_star": next_star,
        "to_next": (next_star.min_hours - total).quantize(tenth) if next_star else None,
        "corrections": corrections,
    }
