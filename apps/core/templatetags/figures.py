"""Filters for figures, shared by the dashboard frame and the brands' sections."""

from django import template

register = template.Library()


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


@register.filter
def percent0(value):
    """0.873 → "87%" (for small cells); None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.0f}%"
