from celery import shared_task
from django.utils import timezone

from apps.care import services


@shared_task(name="care.open_birthday_tasks")
def open_birthday_tasks(year: int | None = None) -> int:
    return services.birthday_tasks_open(year=year or timezone.localdate().year)


@shared_task(name="care.open_festival_tasks")
def open_festival_tasks() -> int:
    return services.festival_tasks_due()
