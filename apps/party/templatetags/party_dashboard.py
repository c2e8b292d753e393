"""Template tags of 银发先锋's dashboard section and of the secretary's branch panel."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def compliance_rate(value):
    """A 三会一课 rate: 0.873 → "87.3%"; None (nothing due) → "本期无应开会议"."""
    from apps.core.templatetags.figures import percent
    from apps.party.compliance import NOTHING_DUE

    return NOTHING_DUE if value is None else percent(value)


@register.simple_tag
def branch_figures_for(user, year=None):
    """The signed-in secretary's own branch figures (cached like the dashboard), or None
    for anyone who does not work for one organisation."""
    from django.utils import timezone

    from apps.accounts.choices import ScopeKind
    from apps.core import generations
    from apps.party.dashboard import branch_figures

    if not getattr(user, "is_authenticated", False) or user.scope_kind != ScopeKind.ORGANISATION:
        return None
    branch = user.scope_organisation
    if branch is None:
        return None
    year = int(year or timezone.localdate().year)
    return generations.cached(
        f"dashboard:branch:{branch.pk}:{year}",
        [generations.FIGURES, generations.BRANCH_FIGURES.format(branch.pk)],
        lambda: branch_figures(branch=branch, year=year),
        int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)),
    )
