"""绿扬霞光's section of the data dashboard (declared in ``brand.py``): hours by month,
region and category, teams and volunteers, records on time, certificates, honours and
media, star levels. ``section_data(filters)`` takes a fixed number of queries whatever the
size of the city; ``section_tables(data)`` gives the tables the page and the Excel export show.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from apps.core.figures import DEC1, INT, PCT, TEXT, Table, Tally, figures_table, totals_on_days, year_to
from apps.regions.models import Region
from apps.volunteers.choices import CertificateStatus, Level, MemberStatus, RecordStatus
from apps.volunteers.models import (
    Activity,
    Certificate,
    Honour,
    MediaItem,
    ServiceRecord,
    StarLevel,
    Team,
    TeamMember,
)
from apps.volunteers.selectors import campaign_totals


def _share(a, b):
    return Decimal(a) / Decimal(b) if b else None


def founded_by(day: datetime.date) -> Q:
    """Teams founded by ``day`` (or with no founding date)."""
    return Q(founded_on__isnull=True) | Q(founded_on__lte=day)


def teams_on(day: datetime.date):
    return Team.objects.filter(founded_by(day))


def serving_on(day: datetime.date) -> Q:
    """Volunteers in their team on ``day``: joined by then, not left by then, not paused."""
    return Q(joined_on__lte=day) & ~Q(left_on__lte=day) & ~Q(status=MemberStatus.PAUSED, paused_on__lte=day)


def volunteers_on(day: datetime.date):
    return TeamMember.objects.filter(serving_on(day))


def activities_to(day: datetime.date):
    """Service activities from 1 January up to ``day``."""
    return Activity.objects.filter(year_to("date", day))


def records_to(day: datetime.date):
    """Service records (every status) from 1 January up to ``day``; hours count confirmed ones."""
    return ServiceRecord.objects.filter(year_to("date", day))


CONFIRMED = Q(status=RecordStatus.CONFIRMED)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """绿扬霞光's headline figures (Brand.key_figures) on each of ``days``, from the querysets
    the section reads: teams, volunteers and activities (one query over the regions), then
    person-times and confirmed hours (one pass over the records of the years in view, a
    conditional count and sum per day: ~400,000 records at city scale, read once instead of
    once per region and day). Two queries whatever the number of days."""
    values = totals_on_days(
        region_id,
        days,
        {
            "teams": Tally(Team.objects.all(), "region", founded_by),
            "volunteers": Tally(TeamMember.objects.all(), "team__region", serving_on),
            "activities": Tally(Activity.objects.all(), "team__region", lambda day: year_to("date", day)),
        },
    )
    records = ServiceRecord.objects.filter(
        date__gte=datetime.date(min(d.year for d in days), 1, 1), date__lte=max(days)
    )
    if region_id:
        records = records.filter(activity__team__region_id=region_id)
    sums = records.aggregate(
        **{f"times_{i}": Count("pk", filter=year_to("date", day)) for i, day in enumerate(days)},
        **{f"hours_{i}": Sum("hours", filter=year_to("date", day) & CONFIRMED) for i, day in enumerate(days)},
    )
    values["times"] = [sums[f"times_{i}"] for i in range(len(days))]
    values["hours"] = [sums[f"hours_{i}"] or Decimal(0) for i in range(len(days))]
    return values


def section_data(filters) -> dict:
    """Nine queries, whatever the size of the city."""
    year, region_id = filters.year, filters.region_id
    today = timezone.localdate()
    last_day = min(datetime.date(year, 12, 31), today)
    teams = teams_on(last_day)
    members = volunteers_on(last_day)
    records = records_to(last_day)
    activities = activities_to(last_day)
    if region_id:
        teams = teams.filter(region_id=region_id)
        members = members.filter(team__region_id=region_id)
        records = records.filter(activity__team__region_id=region_id)
        activities = activities.filter(team__region_id=region_id)
    certificates = Certificate.objects.filter(issued_on__year=year)
    confirmed = CONFIRMED
    on_time = Q(records_done_at__isnull=False, records_done_at__date__lte=F("record_due_on"))

    # Per region: teams, active volunteers and the year's certificates (one query of
    # subqueries over the regions), activities and records on time, person-times and hours
    # (3 queries in all).
    def _count_in_region(queryset, path):
        return Coalesce(
            Subquery(
                queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(n=Count("pk")).values("n")
            ),
            0,
        )

    regions = list(
        Region.objects.order_by("sort_order", "code")
        .filter(**({"pk": region_id} if region_id else {}))
        .annotate(
            teams_n=_count_in_region(teams, "region"),
            volunteers_n=_count_in_region(members, "team__region"),
            certificates_issued=_count_in_region(
                certificates.filter(
                    status__in=[CertificateStatus.ISSUED, CertificateStatus.HELD, CertificateStatus.REGISTERED]
                ),
                "member__team__region",
            ),
            certificates_revoked=_count_in_region(
                certificates.filter(status=CertificateStatus.REVOKED), "member__team__region"
            ),
        )
        .values("pk", "name", "teams_n", "volunteers_n", "certificates_issued", "certificates_revoked")
    )
    by_region: dict[int, dict] = {}
    for row in (
        activities.order_by()
        .values(region=F("team__region"))
        .annotate(
            n=Count("pk"),
            due=Count("pk", filter=Q(record_due_on__lte=today)),
            on_time=Count("pk", filter=on_time & Q(record_due_on__lte=today)),
        )
    ):
        by_region.setdefault(row["region"], {}).update(activities=row["n"], due=row["due"], on_time=row["on_time"])
    # Records by region and month in one query: the region table's person-times, hours
    # and pending records, and the monthly confirmed hours and person-times.
    months: dict[int, dict] = {}
    for row in (
        records.order_by()
        .values(region=F("activity__team__region"), m=ExtractMonth("date"))
        .annotate(
            times=Count("pk"),
            hours=Sum("hours", filter=confirmed),
            pending=Count("pk", filter=~confirmed),
            confirmed_times=Count("pk", filter=confirmed),
        )
    ):
        region = by_region.setdefault(row["region"], {})
        region["times"] = region.get("times", 0) + row["times"]
        region["hours"] = (region.get("hours") or Decimal(0)) + (row["hours"] or Decimal(0))
        region["pending"] = region.get("pending", 0) + row["pending"]
        month = months.setdefault(row["m"], {"hours": Decimal(0), "times": 0})
        month["hours"] += row["hours"] or Decimal(0)
        month["times"] += row["confirmed_times"]
    region_rows = [
        {
            "id": r["pk"],
            "name": r["name"],
            "teams": r["teams_n"],
            "volunteers": r["volunteers_n"],
            "activities": by_region.get(r["pk"], {}).get("activities", 0),
            "times": by_region.get(r["pk"], {}).get("times", 0),
            "hours": by_region.get(r["pk"], {}).get("hours") or Decimal(0),
            "on_time": _share(by_region.get(r["pk"], {}).get("on_time", 0), by_region.get(r["pk"], {}).get("due", 0)),
        }
        for r in regions
    ]
    categories = list(
        records.filter(confirmed)
        .order_by()
        .values(name=F("activity__category__name"))
        .annotate(hours=Sum("hours"), times=Count("pk"), activities=Count("activity", distinct=True))
        .order_by("-hours")
    )
    # Star levels from all confirmed hours to date (thresholds as data; 2 queries).
    levels = list(StarLevel.objects.order_by("min_hours").values_list("name", "min_hours"))
    totals = (
        ServiceRecord.objects.filter(confirmed, **({"activity__team__region_id": region_id} if region_id else {}))
        .order_by()
        .values("member")
        .annotate(h=Sum("hours"))
        .values_list("h", flat=True)
    )
    stars = dict.fromkeys([name for name, _ in levels], 0)
    for total in totals:
        reached = None
        for name, threshold in levels:
            if total >= threshold:
                reached = name
        if reached:
            stars[reached] += 1
    # Certificates of the year, issued (also on notice or held) and revoked: summed from
    # the regions query's counts (every certificate's team has one region).
    extras = {
        "issued": sum(r["certificates_issued"] for r in regions),
        "revoked": sum(r["certificates_revoked"] for r in regions),
    }
    scope = {"team__region_id": region_id} if region_id else {}
    honours = dict(
        Honour.objects.filter(awarded_on__year=year, **scope).order_by().values_list("level").annotate(n=Count("pk"))
    )
    media = dict(
        MediaItem.objects.filter(published_on__year=year, **scope)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    total = {k: sum((r[k] or 0) for r in region_rows) for k in ("teams", "volunteers", "activities", "times", "hours")}
    due = sum(v.get("due", 0) for k, v in by_region.items() if not region_id or k == region_id)
    done = sum(v.get("on_time", 0) for k, v in by_region.items() if not region_id or k == region_id)
    return {
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "year": year,
        "total": total,
        "on_time": _share(done, due),
        "pending": sum(v.get("pending", 0) for v in by_region.values()),
        "regions": region_rows,
        "months": [
            (m, months.get(m, {}).get("hours") or Decimal(0), months.get(m, {}).get("times", 0)) for m in range(1, 13)
        ],
        "categories": categories,
        "stars": list(stars.items()),
        "certificates": extras,
        "honours": [(label, honours.get(value, 0), media.get(value, 0)) for value, label in Level.choices],
        # 专项行动: person-times (confirmed participations) and hours, one query.
        "campaigns": campaign_totals(year=year, region_id=region_id),
    }


def section_tables(data: dict) -> list[Table]:
    year = data["year"]
    t = data["total"]
    figures = figures_table(
        "afterglow-figures",
        f"绿扬霞光主要指标（{year}年）",
        [
            {"label": "志愿服务团队（个）", "value": t["teams"]},
            {"label": "在队志愿者（人）", "value": t["volunteers"]},
            {"label": "服务活动（次）", "value": t["activities"]},
            {"label": "服务人次", "value": t["times"]},
            {"label": "已确认服务时长（小时）", "value": t["hours"], "kind": DEC1},
            {"label": "服务记录按时完成率", "value": data["on_time"], "kind": PCT},
            {"label": "待确认/已退回记录（条）", "value": data["pending"]},
            {"label": "开具志愿服务记录证明（份）", "value": data["certificates"]["issued"]},
        ],
    )
    regions = Table(
        "afterglow-regions",
        "各地志愿服务情况",
        ["区域", "团队", "在队志愿者", "服务活动", "服务人次", "确认时长（小时）", "记录按时率"],
        [TEXT, INT, INT, INT, INT, DEC1, PCT],
        rows=[
            [r["name"], r["teams"], r["volunteers"], r["activities"], r["times"], r["hours"], r["on_time"]]
            for r in data["regions"]
        ],
        # Each region's name leads to its teams (dashboard:afterglow_region).
        region_ids=[r["id"] for r in data["regions"]] if all("id" in r for r in data["regions"]) else [],
    )
    months = Table(
        "afterglow-months",
        "服务时长月度分布（已确认）",
        ["月份", "时长（小时）", "服务人次"],
        [TEXT, DEC1, INT],
        rows=[[f"{m}月", h, n] for m, h, n in data["months"]],
    )
    categories = Table(
        "afterglow-categories",
        "服务类别构成（已确认）",
        ["服务类别", "活动（次）", "服务人次", "时长（小时）"],
        [TEXT, INT, INT, DEC1],
        rows=[[c["name"], c["activities"], c["times"], c["hours"]] for c in data["categories"]],
    )
    stars = Table(
        "afterglow-stars",
        "志愿者星级分布（累计确认时长）",
        ["星级", "人数"],
        [TEXT, INT],
        rows=[[name, n] for name, n in data["stars"]],
        note="星级按累计确认服务时长计算，标准可在“星级标准”中调整；评定前须公示不少于5个工作日。",
    )
    honours = Table(
        "afterglow-honours",
        "荣誉与媒体报道（按级别）",
        ["级别", "荣誉（项）", "媒体报道（篇）"],
        [TEXT, INT, INT],
        rows=[list(r) for r in data["honours"]],
    )
    campaigns = Table(
        "afterglow-campaigns",
        "专项行动（已确认）",
        ["专项行动", "服务活动（次）", "参与团队（个）", "服务人次", "时长（小时）"],
        [TEXT, INT, INT, INT, DEC1],
        rows=[[c["name"], c["activities"], c["teams"], c["times"], c["hours"]] for c in data["campaigns"]],
        note="人次 = 专项行动所属活动中经确认的服务记录数。",
    )
    return [figures, regions, months, categories, campaigns, stars, honours]


# ---------------------------------------------------------------------------
# Drill-down (dashboard_views.py): a region's teams, one team
# ---------------------------------------------------------------------------
def _team_count(queryset, path: str, total=None):
    """A scalar subquery over ``queryset`` rows of the outer team: a count, or ``total``'s sum."""
    value = Sum(total) if total else Count("pk")
    inner = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(n=value).values("n")
    return Coalesce(Subquery(inner), Decimal(0) if total else 0)


def _team_annotations(year: int, today: datetime.date) -> dict:
    """The section's figures of a team, as its region table counts them for the region
    (suffixed ``_n``: ``Team.activities`` is a relation)."""
    last_day = min(datetime.date(year, 12, 31), today)
    records = records_to(last_day)
    return {
        "volunteers_n": _team_count(volunteers_on(last_day), "team"),
        "activities_n": _team_count(activities_to(last_day), "team"),
        "times_n": _team_count(records, "activity__team"),
        "hours_n": _team_count(records.filter(CONFIRMED), "activity__team", total="hours"),
    }


def region_teams(*, region_id: int, year: int, search: str = "", today: datetime.date | None = None):
    """The teams of a region founded by the year's end (today for this year), each with its
    volunteers, activities, person-times and confirmed hours of the year — a values
    queryset (one query per page, plus the paginator's count)."""
    today = today or timezone.localdate()
    teams = teams_on(min(datetime.date(year, 12, 31), today)).filter(region_id=region_id)
    if search:
        teams = teams.filter(name__icontains=search)
    return (
        teams.annotate(**_team_annotations(year, today))
        .order_by("name")
        .values("id", "name", "brand_name", "volunteers_n", "activities_n", "times_n", "hours_n")
    )


def team_figures(*, team: Team, year: int, today: datetime.date | None = None) -> dict:
    """A team's page: its figures of ``year`` (as the region page counts them), its confirmed
    hours and person-times by month, and its latest activities. Three queries."""
    today = today or timezone.localdate()
    counts = (
        Team.objects.filter(pk=team.pk)
        .annotate(**_team_annotations(year, today))
        .values("volunteers_n", "activities_n", "times_n", "hours_n")
        .get()
    )
    last_day = min(datetime.date(year, 12, 31), today)
    by_month = {
        row["m"]: row
        for row in records_to(last_day)
        .filter(CONFIRMED, activity__team=team)
        .order_by()
        .values(m=ExtractMonth("date"))
        .annotate(hours=Sum("hours"), times=Count("pk"))
    }
    recent = list(
        activities_to(last_day)
        .filter(team=team)
        .order_by("-date", "-pk")
        .values("date", "title", "place", category_name=F("category__name"))[:20]
    )
    months = Table(
        "afterglow-team-months",
        "服务时长月度分布（已确认）",
        ["月份", "时长（小时）", "服务人次"],
        [TEXT, DEC1, INT],
        chart=("line", 1),  # on the page and in the frame's print view
    )
    months.rows = [
        [f"{m}月", by_month.get(m, {}).get("hours") or Decimal(0), by_month.get(m, {}).get("times", 0)]
        for m in range(1, 13)
    ]
    return {**counts, "months": months, "recent": recent}
