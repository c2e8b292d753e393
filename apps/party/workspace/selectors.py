"""Reads for the secretary's workspace pages and the review queue.

Each function runs a fixed number of queries whatever the number of logs: lists are
sliced or paginated querysets with their relations joined, counts come from ``annotate``.
"""

from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from apps.party.choices import LogStatus
from apps.party.compliance import NOTHING_DUE
from apps.party.models import ActivityLog, Membership, Organisation
from apps.party.selectors import branch_obligations

HOME_LIST_LIMIT = 5
# Bumped by every write of one of the branch's logs (apps.party.apps): retires the
# cached part of its secretary's home page.
BRANCH_GENERATION = "workspace:branch-generation:{}"


def _with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        absent_count=Count("attendance", filter=Q(attendance__present=False), distinct=True),
        photo_count=Count("photos", distinct=True),
    )


def branch_home(branch: Organisation, today) -> dict:
    """The branch's part of its secretary's home page (the shell adds their unread
    notices): what it owes this period, and its logs (returned, drafts,
    recent submitted/approved, and how many in all).

    Three queries: obligations (two) and :func:`home_logs`.
    """
    return {
        "obligations": branch_obligations(branch=branch, year=today.year, month=today.month),
        "nothing_due": NOTHING_DUE,
        **home_logs(branch),
    }


HOME_LOG_FIELDS = [
    "id",
    "activity_type",
    "held_on",
    "theme",
    "status",
    "review_comment",
    "reviewed_at",
    "updated_at",
    "reviewed_by__username",
    "reviewed_by__full_name",
]


def home_logs(branch: Organisation) -> dict:
    """``returned`` (all, last reviewed first), ``drafts`` (last edited first) and
    ``recent`` submitted or approved (last held first), at most ``HOME_LIST_LIMIT`` of the
    last two, and ``total`` logs of ``branch`` — in one query.

    Window functions rank each list within its own rows and count them all; the filter
    on the ranks then keeps only the rows shown.
    """
    recent_statuses = [LogStatus.SUBMITTED, LogStatus.APPROVED]
    is_recent = Case(When(status__in=recent_statuses, then=Value(True)), default=Value(False))
    rows = (
        ActivityLog.objects.filter(organisation=branch)
        .select_related("reviewed_by")
        .only(*HOME_LOG_FIELDS)
        .annotate(
            total=Window(Count("id")),
            draft_rank=Window(
                RowNumber(), partition_by=[F("status")], order_by=[F("updated_at").desc(), F("id").desc()]
            ),
            recent_rank=Window(RowNumber(), partition_by=[is_recent], order_by=[F("held_on").desc(), F("id").desc()]),
        )
        .filter(
            Q(status=LogStatus.RETURNED)
            | Q(status=LogStatus.DRAFT, draft_rank__lte=HOME_LIST_LIMIT)
            | Q(status__in=recent_statuses, recent_rank__lte=HOME_LIST_LIMIT)
        )
        .order_by()
    )
    returned, drafts, recent, total = [], [], [], 0
    for log in rows:
        total = log.total
        if log.status == LogStatus.RETURNED:
            returned.append(log)
        elif log.status == LogStatus.DRAFT:
            drafts.append(log)
        else:
            recent.append(log)
    returned.sort(key=lambda log: (log.reviewed_at is not None, log.reviewed_at, log.pk), reverse=True)
    drafts.sort(key=lambda log: log.draft_rank)
    recent.sort(key=lambda log: log.recent_rank)
    return {"returned": returned, "drafts": drafts, "recent": recent, "total": total}


def branch_logs(user, *, status: str = "") -> QuerySet:
    """The secretary's branch logs, newest first, optionally of one status."""
    qs = ActivityLog.objects.for_user(user).filter(organisation=user.scope_organisation)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-held_on", "-id")


def branch_roster(branch: Organisation) -> QuerySet:
    """Current members of ``branch`` (and its Party groups), by pinyin: the tick list."""
    return (
        Membership.objects.current()
        .filter(organisation__path__startswith=branch.path)
        .select_related("person")
        .order_by("person__name_pinyin", "person_id")
    )


def log_detail(queryset: QuerySet, pk: int) -> ActivityLog:
    """One log with its organisation, region, reviewer and creator joined (one query)."""
    return queryset.select_related("organisation", "organisation__region", "reviewed_by", "created_by").get(pk=pk)


def log_attendance(log: ActivityLog) -> list:
    return list(log.attendance.select_related("person").order_by("-present", "person__name_pinyin"))


# ---------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------
def review_queue(user, *, region: str = "", activity_type: str = "", organisation: str = "", q: str = "") -> QuerySet:
    """Submitted logs in ``user``'s scope, oldest submission first, with counts joined."""
    qs = (
        ActivityLog.objects.for_user(user)
        .filter(status=LogStatus.SUBMITTED)
        .select_related("organisation", "organisation__region")
    )
    if region:
        qs = qs.filter(organisation__region_id=region)
    if activity_type:
        qs = qs.filter(activity_type=activity_type)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if q:
        qs = qs.filter(Q(theme__icontains=q) | Q(organisation__name__icontains=q) | Q(place__icontains=q))
    return _with_counts(qs).order_by(F("submitted_at").asc(nulls_first=True), "id")


def review_branch_choices(user) -> list[tuple[int, str]]:
    """Branches in scope that have logs waiting for review (the branch filter)."""
    return list(
        Organisation.objects.for_user(user)
        .filter(activity_logs__status=LogStatus.SUBMITTED)
        .order_by("path")
        .values_list("pk", "name")
        .distinct()
    )
