"""A message of a worker that died whole comes back after the broker's visibility timeout:
just over the hard time limit, so a tally is redelivered within minutes, not an hour."""

import pathlib
import re

from django.conf import settings

from apps.assessment.services import STALE_AFTER


def test_the_visibility_timeout_is_just_over_the_hard_time_limit():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # Shorter would hand a task still within its time limit to a second worker.
    assert settings.CELERY_TASK_TIME_LIMIT < timeout <= settings.CELERY_TASK_TIME_LIMIT + 600
    # A lost run stops blocking new runs once it is stale; its redelivery comes soon after.
    assert STALE_AFTER.total_seconds() < timeout


def test_no_task_is_queued_for_later():
    """With the Redis transport a task with a countdown or ETA beyond the visibility timeout
    is delivered again each time the timeout passes: none may be queued that way."""
    sources = pathlib.Path(settings.BASE_DIR, "apps").rglob("*.py")
    offenders = [
        str(path)
        for path in sources
        if re.search(r"\b(countdown|eta)\s*=", path.read_text(encoding="utf-8")) and "/migrations/" not in str(path)
    ]
    assert offenders == []
