"""Dashboard cache: figures kept under generations that a write retires, narrowly.

- ``GENERATION_KEY``: every figure. Bumped by a write to any model a brand's dashboard
  section declares (``DashboardSection.models``: organisations, members, training,
  reviews, assessment …).
- ``LOGS_GENERATION``: the figures of one region, or of the city (``"city"``), bumped by
  the brand itself for the models its section declares ``narrow_models`` (an approved
  activity log bumps its region's and the city's, in its brand's own signal handler).
- ``BRANCH_GENERATION``: a branch's own figures, bumped likewise by the brand.
- ``BRAND_GENERATION``: one brand's figures (its sections and headline figures), bumped
  here on a write to a model its section declares ``own_models`` (read by no other
  brand's figures): a team leader's hours retire 绿扬霞光's figures, not 银发先锋's.

An Excel import (which writes in bulk, sending no model signal) retires every figure when
it wrote records the dashboard counts (``models`` or ``narrow_models``): django-import-export's ``post_import`` signal,
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
LOGS_GENERATION = generations.LOGS_FIGURES
BRANCH_GENERATION = generations.BRANCH_FIGURES
BRAND_GENERATION = generations.BRAND_FIGURES


def source_models() -> list[str]:
    """The models whose rows the dashboard counts, as each brand's dashboard sections declare
    them (``apps.core.brands``); a write to any of them bumps the generation. The
    ``narrow_models`` their brands retire themselves are not among them."""
    from apps.core.brands import dashboard_models

    return dashboard_models()


def timeout() -> int:
    return int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 300))


def brand_generations(brand, region_id=None) -> list[str]:
    """What retires one brand's figures of one region (``None``: the city): every figure,
    the brand's own, and the region's narrow ones if the brand retires any itself."""
    names = [GENERATION_KEY, BRAND_GENERATION.format(brand.key)]
    if any(section.narrow_models for section in brand.dashboard_sections):
        names.append(LOGS_GENERATION.format(region_id or "city"))
    return names


def brands_generations(brands, region_id=None) -> list[str]:
    """What retires a page showing the figures of several brands."""
    return list(dict.fromkeys(name for brand in brands for name in brand_generations(brand, region_id)))


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


def brand_written(sender, **kwargs) -> None:
    """A record only its brands' figures read was written: retire those brands' figures,
    at once and on commit."""
    from apps.core.brands import dashboard_own_models

    keys = dashboard_own_models().get(sender._meta.label, [])
    if keys:
        generations.bump(*(BRAND_GENERATION.format(key) for key in keys))


def imported(sender, model, **kwargs) -> None:
    """An Excel import of ``model`` succeeded: retire every figure if the dashboard counts it."""
    from apps.core.brands import dashboard_narrow_models, dashboard_own_models

    label = model._meta.label
    if label in source_models() or label in dashboard_narrow_models() or label in dashboard_own_models():
        bump()


def _model(label: str):
    app_label, model_name = label.split(".")
    if not apps.is_installed(f"apps.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def connect_invalidation() -> None:
    from apps.core.brands import dashboard_own_models

    for label in source_models():
        if model := _model(label):
            post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-save-{label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-bump-delete-{label}")
    for label in dashboard_own_models():
        if model := _model(label):
            post_save.connect(brand_written, sender=model, dispatch_uid=f"dashboard-brand-save-{label}")
            post_delete.connect(brand_written, sender=model, dispatch_uid=f"dashboard-brand-delete-{label}")
    post_import.connect(imported, dispatch_uid="dashboard-import")
