"""Celery application, configured from Django settings (``CELERY_`` namespace)."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")

app = Celery("cadre_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The worker replaces the root logger's handlers with its own (``worker_hijack_root_logger``),
# without the settings' redaction filter: put it back on them.
@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger=None, **kwargs):
    from apps.audit.logging import redact_handlers

    if logger is not None:
        redact_handlers(logger)
