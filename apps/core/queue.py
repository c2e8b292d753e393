"""Enqueuing Celery tasks from a request, with a clear answer when the queue is down.

Views that start background work (a tally, a large import) call :func:`enqueue` inside
their transaction; the task is sent after commit. If the broker cannot be reached the
caller gets :class:`QueueUnavailable` *before* anything is written, so the view can show
its Chinese message and nothing is half-done.
"""

import logging

from celery import Task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE_MESSAGE = "后台任务队列暂时不可用，请稍后再试；本次操作未做任何修改。"


class QueueUnavailable(Exception):
    def __init__(self, message: str = QUEUE_UNAVAILABLE_MESSAGE):
        super().__init__(message)
        self.message = message


def queue_available(timeout: float = 1.0) -> bool:
    """True when tasks run in-process (eager) or the broker answers within ``timeout``."""
    from cadre_portal.celery import app

    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception as exc:  # any transport error means "down" to the caller
        logger.warning("task broker unreachable: %s", type(exc).__name__)
        return False


def check_queue() -> None:
    """Raise :class:`QueueUnavailable` unless tasks can be sent now."""
    if not queue_available():
        raise QueueUnavailable()


def enqueue(task: Task, *args, **kwargs) -> None:
    """Send ``task`` after the current transaction commits (immediately if none).

    Call :func:`check_queue` first, before writing anything the task depends on.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))
    else:
        transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, retry=False))
