"""Reads that shape 丹心向党 data."""

import datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.workforce import choices as c
from apps.workforce.models import (
    OPEN_STATUSES,
    RectificationItem,
    ResearchQuota,
    ResearchReport,
    ResearchVisit,
    StaffMember,
    TrainingRequirement,
)

HOURS = DecimalField(max_digits=8, decimal_places=1)
ZERO = Value(Decimal("0"), output_field=HOURS)


def home_figures(user) -> list[tuple[str, int]]:
    """The rectification items in the user's scope and those not yet closed, for the home page."""
    rect = RectificationItem.objects.for_user(user).aggregate(
        total=Count("id"), open=Count("id", filter=~Q(status=c.RectificationStatus.CLOSED))
    )
    # Every year's items (a count since the first), and those open today.
    return [("累计整改事项", rect["total"]), ("未销号整改", rect["open"])]


# ---------------------------------------------------------------------------
# Training compliance (干部教育培训工作条例 art. 14)
# ---------------------------------------------------------------------------
def _requirement(field: str, output_field):
    """The staff member's band's ``field`` (TrainingRequirement): a CASE over the bands whose
    branches are uncorrelated subqueries, so the database reads each once per query (an
    InitPlan on PostgreSQL), never once per person or per credited row."""
    return Case(
        *(
            When(
                rank_band=band,
                then=Subquery(
                    TrainingRequirement.objects.filter(rank_band=band).order_by().values(field)[:1],
                    output_field=output_field,
                ),
            )
            for band in c.RankBand.values
        ),
        output_field=output_field,
    )


def in_post(queryset, year: int):
    """Those of ``queryset`` in post at some time during ``year``."""
    return queryset.filter(Q(joined_on__isnull=True) | Q(joined_on__year__lte=year)).filter(
        Q(left_on__isnull=True) | Q(left_on__year__gte=year)
    )


def training_compliance(*, year: int, queryset=None):
    """Every staff member (of ``queryset``, default all in post during ``year``) with the
    hours and days credited in their band's window, the band's requirement and whether it
    is met — in ONE query that reads each credited training once: the staff joined to
    their credits (``TrainingCredit``, a view) in the longest band's window, summed per
    person with each person's own window as the sums' filter.

    Credited: completed enrolments (class hours less leave) and 结业 outside records.
    Days count full-time training only. The window for a band whose period is N years is
    the N calendar years ending with ``year`` (by the class's end date).
    """
    queryset = StaffMember.objects.all() if queryset is None else queryset
    longest = Subquery(
        TrainingRequirement.objects.order_by("-period_years").values("period_years")[:1],
        output_field=IntegerField(),
    )
    # The join reads the credits ending in the longest window only (the ON clause); each
    # person's sums then keep those of their own band's window.
    credited = FilteredRelation(
        "credits",
        condition=Q(credits__ends_on__lte=datetime.date(year, 12, 31))
        & Q(credits__ends_on__year__gt=Value(year) - longest),
    )
    own_window = Q(credited__ends_on__year__gt=Value(year) - F("period"))
    return (
        in_post(queryset, year)
        .annotate(
            period=_requirement("period_years", IntegerField()),
            req_hours=_requirement("min_hours", HOURS),
            req_days=_requirement("min_days", HOURS),
            credited=credited,
        )
        .annotate(
            hours=Coalesce(Sum("credited__hours", filter=own_window), ZERO, output_field=HOURS),
            days=Coalesce(Sum("credited__days", filter=own_window), ZERO, output_field=HOURS),
        )
        .annotate(
            compliant=Case(
                When(Q(hours__gte=F("req_hours")) | Q(days__gte=F("req_days")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("region")
        .order_by("compliant", "region__sort_order", "unit", "name")
    )


def training_counts(*, year: int, by: str, queryset=None):
    """Staff in post during ``year`` and those of them meeting art. 14 (``total``, ``met``)
    per value of ``by`` (a StaffMember field) — one query: the compliant ones are
    ``training_compliance`` as an uncorrelated IN subquery, computed once."""
    queryset = StaffMember.objects.all() if queryset is None else queryset
    met = training_compliance(year=year, queryset=queryset).filter(compliant=True).values("pk")
    return (
        in_post(queryset, year).order_by().values(by).annotate(total=Count("pk"), met=Count("pk", filter=Q(pk__in=met)))
    )


def training_summary(*, year: int, queryset=None) -> dict:
    """Counts per rank band: staff, compliant, short (one query)."""
    bands = {row["rank_band"]: row for row in training_counts(year=year, by="rank_band", queryset=queryset)}
    return {
        band: {"label": label, "total": bands.get(band, {}).get("total", 0), "met": bands.get(band, {}).get("met", 0)}
        for band, label in c.RankBand.choices
    }


# ---------------------------------------------------------------------------
# Rectification figures as at a day (the section, the summary and the indicators read these)
# ---------------------------------------------------------------------------
def rect_registered(day: datetime.date) -> Q:
    """Items on the ledger by ``day``: their round's feedback came by then (an item without a
    round, or a round without a date: registered by then)."""
    return Q(round__feedback_on__lte=day) | Q(round__feedback_on__isnull=True, created_at__date__lte=day)


def rect_closed(day: datetime.date) -> Q:
    """销号 by ``day`` (a closed item without a recorded closing time: its completion date)."""
    return Q(status=c.RectificationStatus.CLOSED) & (
        Q(closed_at__date__lte=day) | Q(closed_at__isnull=True, completed_on__lte=day)
    )


def rect_completed(day: datetime.date) -> Q:
    """Finished (submitted, not reopened) by ``day``: awaiting checks or closed at that day."""
    return ~Q(status__in=OPEN_STATUSES) & Q(completed_on__lte=day)


def rect_open(day: datetime.date) -> Q:
    """Not yet finished at ``day``."""
    return ~rect_completed(day)


def rect_overdue(day: datetime.date) -> Q:
    """Past its deadline and unfinished at ``day``."""
    return Q(deadline__lt=day) & rect_open(day)


def rectification_figures(queryset, day: datetime.date) -> dict:
    """The items of ``queryset`` on the ledger at ``day`` as they stood that day: total,
    closed, closed on time, awaiting checks (done, not yet closed), overdue, and the
    overdue days summed. Two queries."""
    items = queryset.filter(rect_registered(day))
    closed = rect_closed(day)
    figures = items.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=closed),
        closed_on_time=Count("pk", filter=closed & Q(completed_on__lte=F("deadline"))),
        pending=Count("pk", filter=rect_completed(day) & ~closed),
        overdue=Count("pk", filter=rect_overdue(day)),
    )
    deadlines = items.filter(rect_overdue(day)).values_list("deadline", flat=True)
    figures["overdue_days"] = sum((day - d).days for d in deadlines)
    return figures


# ---------------------------------------------------------------------------
# Rectification: the five lists (问题/任务/责任/成效/档案)
# ---------------------------------------------------------------------------
def _overdue_text(item, today) -> str:
    if item.status in OPEN_STATUSES and item.deadline < today:
        return f"已逾期{(today - item.deadline).days}天"
    return "未逾期" if item.status in OPEN_STATUSES else "—"


def _names(item) -> tuple[str, str]:
    return item.owner_display or "—", item.leader.name if item.leader_id else "—"


FIVE_LISTS = {
    "problem": "问题清单",
    "task": "任务清单",
    "duty": "责任清单",
    "outcome": "整改成效清单",
    "archive": "整改档案清单",
}


def rectification_list(kind: str, queryset) -> tuple[list[str], list[list]]:
    """Headers and rows of one of the five lists, for the page and its Excel export alike."""
    today = timezone.localdate()
    qs = queryset.select_related("round", "region", "owner_staff", "leader", "verifier", "signed_off_by").order_by(
        "round__name", "deadline", "pk"
    )
    if kind == "problem":
        headers = ["巡察轮次", "区域", "问题描述", "整改类别", "状态"]
        rows = [
            [
                i.round.name if i.round_id else i.source,
                i.region.name,
                i.problem,
                i.get_rect_class_display(),
                i.get_status_display(),
            ]
            for i in qs
        ]
    elif kind == "task":
        headers = ["问题描述", "整改任务", "整改措施", "整改时限", "状态", "是否逾期"]
        rows = [
            [i.problem, i.task or "—", i.measures or "—", i.deadline, i.get_status_display(), _overdue_text(i, today)]
            for i in qs
        ]
    elif kind == "duty":
        headers = ["问题描述", "责任单位", "责任人", "责任领导", "整改时限", "已升级至"]
        rows = []
        for i in qs:
            owner, leader = _names(i)
            from apps.workforce.reminders import LADDER

            rows.append(
                [
                    i.problem,
                    i.responsible_unit or "—",
                    owner,
                    leader,
                    i.deadline,
                    LADDER.get(i.escalation_level, "未升级"),
                ]
            )
    elif kind == "outcome":
        qs = qs.filter(status__in=[c.RectificationStatus.VERIFIED, c.RectificationStatus.CLOSED]).annotate(
            rule_count=Count("rules", distinct=True)
        )
        headers = ["问题描述", "整改成效", "完成日期", "验收人", "复签人", "建章立制（项）"]
        rows = [
            [
                i.problem,
                i.evidence or "—",
                i.completed_on,
                str(i.verifier) if i.verifier_id else "—",
                str(i.signed_off_by) if i.signed_off_by_id else "—",
                i.rule_count,
            ]
            for i in qs
        ]
    elif kind == "archive":
        qs = qs.filter(status=c.RectificationStatus.CLOSED).annotate(
            file_count=Count("files", distinct=True),
            progress_count=Count("progress", distinct=True),
            recheck_done=Count("rechecks", filter=~Q(rechecks__result=c.RecheckResult.SCHEDULED), distinct=True),
        )
        headers = ["问题描述", "销号时间", "佐证材料（份）", "进展记录（条）", "已回头看（次）"]
        rows = [
            [
                i.problem,
                timezone.localtime(i.closed_at).strftime("%Y-%m-%d") if i.closed_at else "—",
                i.file_count,
                i.progress_count,
                i.recheck_done,
            ]
            for i in qs
        ]
    else:
        raise ValueError(kind)
    return headers, rows


# ---------------------------------------------------------------------------
# Research: days at the grassroots per leader against the quota
# ---------------------------------------------------------------------------
def research_by_leader(*, year: int, queryset=None) -> dict:
    """Per leader: days of research visits and reports in ``year`` against the quota."""
    quota = ResearchQuota.objects.filter(year=year).first()
    leaders = StaffMember.objects.all() if queryset is None else queryset
    days = (
        ResearchVisit.objects.filter(leader=OuterRef("pk"), started_on__year=year)
        .order_by()
        .values("leader")
        .annotate(t=Sum("days"))
        .values("t")
    )
    reports = (
        ResearchReport.objects.filter(leader=OuterRef("pk"), submitted_on__year=year)
        .order_by()
        .values("leader")
        .annotate(t=Count("pk"))
        .values("t")
    )
    rows = list(
        leaders.filter(is_leader=True)
        .annotate(
            days=Coalesce(Subquery(days, output_field=HOURS), ZERO),
            report_count=Coalesce(Subquery(reports, output_field=IntegerField()), Value(0)),
        )
        .select_related("region")
        .order_by("region__sort_order", "name")
    )
    for row in rows:
        row.met = quota is not None and row.days >= quota.min_days and row.report_count >= quota.min_reports
    return {"quota": quota, "rows": rows}


def awards_by_level(queryset) -> list[dict]:
    """Awarded reports per level and grade (one query)."""
    counts = {
        (r["award_level"], r["award_grade"]): r["n"]
        for r in queryset.exclude(award_level="")
        .order_by()
        .values("award_level", "award_grade")
        .annotate(n=Count("pk"))
    }
    return awards_from_counts(counts)


def awards_from_counts(counts: dict) -> list[dict]:
    """``{(level, grade): n}`` as rows per level (国家/省/市) with the three grades and a total."""
    return [
        {
            "level": label,
            "grades": [counts.get((level, grade), 0) for grade in c.AwardGrade.values],
            "total": sum(counts.get((level, grade), 0) for grade in c.AwardGrade.values),
        }
        for level, label in c.AwardLevel.choices
    ]


def as_of(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), timezone.localdate())
