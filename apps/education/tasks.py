"""Background jobs of 牵手夕阳 · 老年教育."""

from celery import shared_task

from apps.education import services


@shared_task(name="education.lapse_offers")
def lapse_offers() -> int:
    """Offers past their hold lapse and pass to the next on the waiting list."""
    return services.offers_lapse()
