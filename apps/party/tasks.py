"""Background jobs of 银发先锋. Each loads what it needs and calls a service."""

import datetime

from celery import shared_task
from django.utils import timezone

from apps.party import services


@shared_task(name="party.remind_theme_day")
def remind_theme_day(on: str | None = None) -> int:
    """Remind secretaries whose branch has not logged this month's thematic Party day.
    Scheduled for the 20th of each month (``apps.party.schedules``); ``on`` (ISO date) is
    for re-running a given day by hand."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return services.theme_day_reminders_send(on=day)


@shared_task(name="party.sweep_orphan_photos")
def sweep_orphan_photos() -> int:
    """Nightly: delete photo files left behind by failed writes and deleted logs."""
    from apps.party.logs import photos_sweep_orphans

    return photos_sweep_orphans()
