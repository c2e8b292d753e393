"""Reads for the secretary's workspace and the review queue.

Each function runs a fixed number of queries whatever the number of logs: lists are
sliced or paginated querysets with their relations joined, counts come from ``annotate``.
"""

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from apps.core.models import Notice
from apps.party.choices import LogStatus
from apps.party.models import ActivityLog, Membership, Organisation
from apps.party.selectors import branch_obligations

HOME_LIST_LIMIT = 5


def _with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        absent_count=Count("attendance", filter=Q(attendance__present=False), distinct=True),
        photo_count=Count("photos", distinct=True),
    )


def secretary_home(user) -> dict:
    """Everything the secretary's home page shows, for ``user.scope_organisation``.

    Seven queries: obligations (two), unread notices, returned logs, drafts, recent
    submitted/approved logs, and the count of the branch's logs.
    """
    branch = user.scope_organisation
    today = timezone.localdate()
    logs = ActivityLog.objects.filter(organisation=branch).order_by()
    return {
        "branch": branch,
        "today": today,
        "obligations": branch_obligations(branch=branch, year=today.year, month=today.month),
        "notices": list(Notice.objects.for_user(user).unread().order_by("-created_at")[:HOME_LIST_LIMIT]),
        "returned": list(
            logs.filter(status=LogStatus.RETURNED).select_related("reviewed_by").order_by("-reviewed_at", "-id")
        ),
        "drafts": list(logs.filter(status=LogStatus.DRAFT).order_by("-updated_at", "-id")[:HOME_LIST_LIMIT]),
        "recent": list(
            logs.filter(status__in=[LogStatus.SUBMITTED, LogStatus.APPROVED]).order_by("-held_on", "-id")[
                :HOME_LIST_LIMIT
            ]
        ),
        "total": logs.count(),
    }


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
