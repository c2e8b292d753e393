"""银发先锋's part of the dashboard cache: an activity log retires the figures narrowly.

Its dashboard section declares ``narrow_models=("party.ActivityLog",)``
(``apps/party/brand.py``), so the dashboard's frame does not retire every figure on a log's
write; this handler retires only what the log changes (the generation names are in
:mod:`apps.core.generations`, beside the ones the frame bumps):

- a branch's own figures (its secretary's panel counts every log of its subtree: pending,
  returned …), for its organisation and every one above it, on any write of a log;
- the figures of its region and of the city that count approved logs, when the log is
  approved (the only logs the dashboard counts; approval is final): a draft, a
  submission or a return bumps neither.
"""

from django.db.models.signals import post_delete, post_save

from apps.core import generations
from apps.party.choices import LogStatus


def log_written(sender, instance, **kwargs) -> None:
    """An activity log was saved or deleted: retire the own figures of its organisation and
    every organisation above it (ids from its materialised path) and, if it is approved,
    those of its region and the city."""
    organisation = instance.organisation
    ids = [part for part in organisation.path.split(".") if part] or [organisation.pk]
    names = [generations.BRANCH_FIGURES.format(int(pk)) for pk in ids]
    if instance.status == LogStatus.APPROVED:
        names += [generations.LOGS_FIGURES.format(organisation.region_id), generations.LOGS_FIGURES.format("city")]
    generations.bump(*names)


def connect() -> None:
    from apps.party.models import ActivityLog

    post_save.connect(log_written, sender=ActivityLog, dispatch_uid="dashboard-log-save")
    post_delete.connect(log_written, sender=ActivityLog, dispatch_uid="dashboard-log-delete")
