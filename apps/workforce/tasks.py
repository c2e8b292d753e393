"""Background jobs of 丹心向党. Each loads what it needs and calls a service."""

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(name="workforce.send_reminders")
def send_reminders(on: str | None = None) -> int:
    """Daily: deadline reminders, the overdue escalation ladder, 回头看, rule reviews and
    overdue contact-point visits. ``on`` (ISO date) re-runs a given day by hand."""
    from apps.workforce.reminders import reminders_send

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return reminders_send(on=day)
