"""Filters for figures, shared by the dashboard frame and the brands' sections: rates
are rounded once, half-up (:func:`apps.core.figures.half_up`)."""

from django import template

from apps.core.figures import half_up, percent_text, points_text

register = template.Library()


@register.filter
def percent(value):
    """0.873 → "87.3%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return percent_text(value)


@register.filter
def pct_points(value):
    """A change of a rate, as percentage points without sign: -0.021 → "2.1 个百分点"."""
    return points_text(value, signed=False)


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
    return f"{half_up(value, 0, 100)}%"
