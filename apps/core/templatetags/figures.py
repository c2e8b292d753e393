"""Filters for figures, shared by the dashboard frame and the brands' sections: rates
are rounded once, half-up (:func:`apps.core.figures.half_up`)."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, json_script

from apps.core.figures import INT, PCT, TEXT, Table, display, half_up, percent_text, points_text

register = template.Library()


@register.filter
def figure(value, kind=INT):
    """A figure by the one display rule (:func:`apps.core.figures.display`):
    ``{{ hours|figure:"dec1" }}`` → "10,142.5"; ``{{ n|figure }}`` → "1,234"."""
    return display(value, kind)


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


# Chart kinds drawn by static/dashboard/charts.js: horizontal bars (a row per bar: regions,
# categories), vertical bars, a line per column (months), stacked horizontal bars.
CHART_KINDS = ("hbar", "bar", "line", "stack")


@register.simple_tag
def table_chart(table, kind, *columns):
    """A chart of ``table`` (an ``apps.core.figures.Table``) drawn by charts.js: the first
    cell of each row is the category, each of ``columns`` (indexes) a series. The chart's
    numbers go in a json_script beside it (no inline script: CSP); the table under it is
    its text alternative. Nothing when the table has no row or no such number."""
    if kind not in CHART_KINDS:
        raise template.TemplateSyntaxError(f"table_chart: 未知图表类型 {kind}")
    series = []
    for index in columns:
        percent = table.kinds[index] == PCT
        values = [_chart_number(row[index], percent) for row in table.rows]
        series.append({"name": table.headers[index], "data": values, "percent": percent})
    if not table.rows or not any(v for s in series for v in s["data"]):
        return ""
    element_id = f"chart-data-{table.key}"
    spec = {"kind": kind, "labels": [str(row[0]) for row in table.rows], "series": series}
    return format_html(
        '<div class="chart chart-{0}" data-table-chart="{1}" role="img" aria-label="{2}图表，数据见下表"></div>{3}',
        kind,
        element_id,
        table.title,
        json_script(spec, element_id),
    )


@register.simple_tag
def chart_of(table):
    """The chart a table declares for itself (``Table.chart``), or nothing."""
    return table_chart(table, *table.chart) if table.chart else ""


def _chart_number(value, percent: bool):
    """A cell as the chart plots it: a rate in percent (one decimal), a count as is; a
    text cell (e.g. 本期无应开会议) or None as a gap."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(half_up(value, 1, 100)) if percent else float(value)


@register.simple_tag
def pairs_chart(key, title, pairs, kind, series_name):
    """:func:`table_chart` of ``(label, number)`` pairs, for a section whose table is
    written in its template."""
    table = Table(key, title, ["", series_name], [TEXT, INT], rows=[list(pair) for pair in pairs])
    return table_chart(table, kind, 1)
