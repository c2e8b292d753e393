"""牵手夕阳 · 服务保障's headline figures on the dashboard's overview and five-year trend
(``Brand.key_figures`` in brand.py). Its section (``apps.care.selectors.section_data``)
counts the same rows: visits by their date, aid applications by the day they were made,
aid paid by the day it was paid, each from 1 January up to the day read."""

import datetime

from apps.care.choices import AidStatus
from apps.care.models import AidApplication, Visit
from apps.core.figures import Tally, totals_on_days, year_to


def visits_to(day: datetime.date):
    return Visit.objects.filter(year_to("visited_on", day))


def aid_applied_to(day: datetime.date):
    return AidApplication.objects.filter(year_to("applied_on", day))


def aid_paid_to(day: datetime.date):
    return AidApplication.objects.filter(year_to("paid_on", day), status=AidStatus.PAID)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """Visits, aid applications and aid paid (元) on each of ``days``. One query."""
    return totals_on_days(
        region_id,
        days,
        {
            "visits": Tally(Visit.objects.all(), "person__region", lambda day: year_to("visited_on", day)),
            "aid": Tally(AidApplication.objects.all(), "person__region", lambda day: year_to("applied_on", day)),
            "aid_paid": Tally(
                AidApplication.objects.filter(status=AidStatus.PAID),
                "person__region",
                lambda day: year_to("paid_on", day),
                total="paid_amount",
            ),
        },
    )
