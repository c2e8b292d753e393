"""Reads that shape the people registry's data."""

from apps.people.choices import PersonStatus
from apps.people.models import Person


def home_figures(user) -> list[tuple[str, int]]:
    """牵手夕阳's card: the living cadres in the user's scope."""
    return [("在册老干部", Person.objects.for_user(user).filter(status=PersonStatus.LIVING).count())]
