from celery import shared_task

from apps.people.services import person_rebuild_search_columns


@shared_task(name="people.rebuild_search_columns")
def rebuild_search_columns(person_ids: list[int] | None = None) -> int:
    """Recompute the pinyin search columns; returns how many rows changed."""
    return person_rebuild_search_columns(person_ids=person_ids)
