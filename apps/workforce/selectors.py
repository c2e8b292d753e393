"""Reads that shape 丹心向党 data."""

from django.db.models import Count, Q

from apps.workforce.models import RectificationItem


def home_figures(user) -> list[tuple[str, int]]:
    """The rectification items in the user's scope and those not yet done, for the home page."""
    rect = RectificationItem.objects.for_user(user).aggregate(
        total=Count("id"), open=Count("id", filter=~Q(status__in=["done", "verified"]))
    )
    return [("整改事项", rect["total"]), ("未完成整改", rect["open"])]
