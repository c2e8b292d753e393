"""Reads of 草根内参: informants' monthly counts, adoption figures, overdue feedback."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from apps.insights.choices import ReportStatus
from apps.insights.models import Informant, Report


def feedback_overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(feedback_due__lt=today) & ~Q(status=ReportStatus.FED_BACK)


def monthly_counts(user, year: int) -> list[dict]:
    """Per informant in scope: reports submitted each month of ``year`` and adopted; two
    queries. The monthly quota practice is ≥ 1 a month (NORMS N-V9)."""
    rows = (
        Report.objects.for_user(user)
        .filter(submitted_on__year=year)
        .order_by()
        .values("informant_id", month=ExtractMonth("submitted_on"))
        .annotate(n=Count("pk"), adopted_n=Count("pk", filter=Q(adopted=True)))
    )
    counts: dict[int, list[int]] = {}
    adopted: dict[int, int] = {}
    for row in rows:
        counts.setdefault(row["informant_id"], [0] * 12)[row["month"] - 1] += row["n"]
        adopted[row["informant_id"]] = adopted.get(row["informant_id"], 0) + row["adopted_n"]
    result = []
    for informant in Informant.objects.for_user(user).select_related("region"):
        months = counts.get(informant.pk, [0] * 12)
        result.append(
            {
                "informant": informant,
                "months": months,
                "total": sum(months),
                "adopted": adopted.get(informant.pk, 0),
                "silent_months": sum(1 for m in months if m == 0),
            }
        )
    return result


def adoption_figures(reports) -> dict:
    found = reports.aggregate(
        total=Count("pk"),
        registered=Count("pk", filter=Q(number__isnull=False)),
        adopted=Count("pk", filter=Q(adopted=True)),
        instructed=Count("pk", filter=Q(instructed_on__isnull=False)),
        fed_back=Count("pk", filter=Q(status=ReportStatus.FED_BACK)),
        overdue=Count("pk", filter=feedback_overdue_q()),
    )
    registered = found["registered"]
    found["adoption_rate"] = (
        (Decimal(found["adopted"]) * 100 / registered).quantize(Decimal("0.1")) if registered else None
    )
    return found
