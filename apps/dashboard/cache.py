"""Dashboard cache: one generation number, bumped whenever a record beneath changes.

Every cached figure's key carries the current generation, so bumping it retires them all
at once; entries also expire after ``DASHBOARD_CACHE_SECONDS`` (default 300; 0 turns the
cache off), which covers writes that send no signal (bulk inserts, raw SQL). The cache is
an optimisation only: any cache error is logged and the figures are computed directly.
"""

import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION_KEY = "dashboard:generation"

# The models whose rows the dashboard counts; a write to any of them bumps the generation.
SOURCE_MODELS = [
    "party.Organisation",
    "party.OrganisationPost",
    "party.Membership",
    "party.ActivityLog",
    "party.ComplianceRule",
    "party.TrainingClass",
    "party.TrainingAttendance",
    "party.StandardisationReview",
    "party.DemonstrationPoint",
    "party.EducationSession",
    "assessment.Scheme",
    "assessment.TallyRun",
    "assessment.Result",
]


def timeout() -> int:
    return int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 300))


def _generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = str(time.time_ns())
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def cached(parts: tuple, compute):
    """``compute()``, kept under ``parts`` until the generation changes or it expires."""
    seconds = timeout()
    if seconds <= 0:
        return compute()
    try:
        key = "dashboard:" + ":".join(str(p) for p in (_generation(), *parts))
        value = cache.get(key)
    except Exception:  # any backend error: the cache must never break the page
        logger.warning("dashboard cache unavailable, computing directly", exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("dashboard cache write failed", exc_info=True)
    return value


def bump(**kwargs) -> None:
    """Retire every cached figure (a fresh generation: older keys are never read again)."""
    try:
        cache.set(GENERATION_KEY, str(time.time_ns()), None)
    except Exception:
        logger.warning("dashboard cache generation not bumped", exc_info=True)


def connect_invalidation() -> None:
    for label in SOURCE_MODELS:
        app_label, model_name = label.split(".")
        if not apps.is_installed(f"apps.{app_label}"):
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-delete-{label}")
