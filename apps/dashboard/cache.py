"""Dashboard cache: one generation number, bumped whenever a record beneath changes.

Every cached figure's key carries the current generation, so bumping it retires them all
at once; entries also expire after ``DASHBOARD_CACHE_SECONDS`` (default 300; 0 turns the
cache off), which covers writes that send no signal (bulk inserts, raw SQL). The cache is
an optimisation only: any cache error is logged and the figures are computed directly.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from apps.core import generations

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


def cached(parts: tuple, compute):
    """``compute()``, kept under ``parts`` until the generation changes or it expires: one
    cache round trip on a hit (:func:`apps.core.generations.cached`)."""
    key = "dashboard:" + ":".join(str(p) for p in parts)
    return generations.cached(key, [GENERATION_KEY], compute, timeout())


def bump(**kwargs) -> None:
    """Retire every cached figure, at once and when the write's transaction commits (so a
    page computed from rows read before the commit is not kept as current)."""
    generations.bump(GENERATION_KEY)


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
