from django import template

register = template.Library()


@register.filter
def compliance_rate(value):
    """A 三会一课 rate: 0.873 → "87.3%"; None (nothing due) → "本期无应开会议"."""
    from apps.party.compliance import NOTHING_DUE

    return NOTHING_DUE if value is None else percent(value)


@register.filter
def percent(value):
    """0.873 → "87.3%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def pct_points(value):
    """A change of a rate, as percentage points without sign: -0.021 → "2.1 个百分点"."""
    return f"{abs(float(value)) * 100:.1f} 个百分点"


@register.filter
def abs_value(value):
    return abs(value)


@register.filter
def heat_class(value):
    """A CSS class for a compliance cell (shading plus a pattern, readable in print)."""
    if value is None:
        return "heat-none"
    if value >= 1:
        return "heat-full"
    if value >= 0.5:
        return "heat-part"
    return "heat-low"


@register.simple_tag
def branch_figures_for(user, year=None):
    """The signed-in secretary's own branch figures (cached like the dashboard), or None
    for anyone who does not work for one organisation."""
    from django.utils import timezone

    from apps.accounts.choices import ScopeKind
    from apps.dashboard.cache import branch_generations, cached
    from apps.dashboard.selectors import branch_figures

    if not getattr(user, "is_authenticated", False) or user.scope_kind != ScopeKind.ORGANISATION:
        return None
    branch = user.scope_organisation
    if branch is None:
        return None
    year = int(year or timezone.localdate().year)
    return cached(
        ("branch", branch.pk, year), lambda: branch_figures(branch=branch, year=year), branch_generations(branch.pk)
    )


@register.filter
def percent0(value):
    """0.873 → "87%" (for small cells); None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.0f}%"
