"""Dashboard cache: figures kept under generations that a write retires, narrowly.

- ``GENERATION_KEY``: every figure. Bumped by a write to any record beneath except an
  activity log (organisations, members, training, reviews, assessment …).
- ``LOGS_GENERATION``: the figures of one region, or of the city (``"city"``), that count
  approved activity logs. An approved log (approved, changed or deleted) bumps its
  region's and the city's; a draft, a submission or a return bumps neither.
- ``BRANCH_GENERATION``: a branch's own figures (its secretary's panel counts every log
  of its subtree: pending, returned …), bumped by any write of a log beneath it.

An Excel import (which writes in bulk, sending no model signal) retires every figure when
it wrote records the dashboard counts: django-import-export's ``post_import`` signal,
sent after an interactive import by the library's admin and after a background one by
``apps.core.excel.services``.

Entries also expire after ``DASHBOARD_CACHE_SECONDS`` (default 300; 0 turns the cache
off), which covers writes that send no signal (bulk inserts, raw SQL). The cache is an
optimisation only: any cache error is logged and the figures are computed directly.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from import_export.signals import post_import

from apps.core import generations

GENERATION_KEY = generations.FIGURES
LOGS_GENERATION = "dashboard:logs-generation:{}"
BRANCH_GENERATION = generations.BRANCH_FIGURES


def source_models() -> list[str]:
    """The models whose rows the dashboard counts, as each brand's dashboard sections declare
    them (``apps.core.brands``); a write to any of them bumps the generation. Activity logs
    retire less (log_written)."""
    from apps.core.brands import dashboard_models

    return dashboard_models()


def timeout() -> int:
    return int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 300))


def figure_generations(region_id=None) -> list[str]:
    """What retires the figures of one region (``None``: the whole city)."""
    return [GENERATION_KEY, LOGS_GENERATION.format(region_id or "city")]


def branch_generations(organisation_id) -> list[str]:
    """What retires one branch's own figures."""
    return [GENERATION_KEY, BRANCH_GENERATION.format(organisation_id)]


def cached(parts: tuple, compute, names: list[str] | None = None):
    """``compute()``, kept under ``parts`` until one of its generations ``names`` changes
    (default: any write beneath, ``GENERATION_KEY``) or it expires: one cache round trip
    on a hit (:func:`apps.core.generations.cached`)."""
    key = "dashboard:" + ":".join(str(p) for p in parts)
    return generations.cached(key, names or [GENERATION_KEY], compute, timeout())


def bump(**kwargs) -> None:
    """Retire every cached figure, at once and when the write's transaction commits (so a
    page computed from rows read before the commit is not kept as current)."""
    generations.bump(GENERATION_KEY)


def log_written(sender, instance, **kwargs) -> None:
    """An activity log was saved or deleted: retire the own figures of its organisation and
    every organisation above it (ids from its materialised path) and, if it is approved
    (the only logs the dashboard counts; approval is final), those of its region and the
    city."""
    from apps.party.choices import LogStatus

    organisation = instance.organisation
    ids = [part for part in organisation.path.split(".") if part] or [organisation.pk]
    names = [BRANCH_GENERATION.format(int(pk)) for pk in ids]
    if instance.status == LogStatus.APPROVED:
        names += [LOGS_GENERATION.format(organisation.region_id), LOGS_GENERATION.format("city")]
    generations.bump(*names)


def imported(sender, model, **kwargs) -> None:
    """An Excel import of ``model`` succeeded: retire every figure if the dashboard counts it."""
    if model._meta.label in source_models() or model._meta.label == "party.ActivityLog":
        bump()


def connect_invalidation() -> None:
    for label in source_models():
        app_label, model_name = label.split(".")
        if not apps.is_installed(f"apps.{app_label}"):
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-delete-{label}")
    if apps.is_installed("apps.party"):
        log = apps.get_model("party", "ActivityLog")
        post_save.connect(log_written, sender=log, dispatch_uid="dashboard-log-save")
        post_delete.connect(log_written, sender=log, dispatch_uid="dashboard-log-delete")
    post_import.connect(imported, dispatch_uid="dashboard-import")
