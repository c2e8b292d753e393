"""What the dashboard frame (``apps.dashboard``) and the brands' dashboard sections share.

- :class:`Filters`: the year and region in view, built by the frame, read by every section;
- the period helpers (:func:`as_of`, :func:`dated_by`);
- :class:`Table`: a section's table, one definition for the page, the print view and the
  Excel export (the frame writes it, :mod:`apps.dashboard.export`).

Imports no brand: a brand's ``dashboard.py`` imports this, never ``apps.dashboard``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.utils import timezone


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: one year, the whole city (``region=None``) or one region."""

    year: int
    region: Any = None  # a regions.Region, or None for the whole city

    @property
    def region_id(self):
        return self.region.pk if self.region else None

    @property
    def region_name(self) -> str:
        return self.region.name if self.region else "全市"

    @property
    def label(self) -> str:
        return f"{self.year}年 · {self.region_name}"

    def cache_parts(self) -> tuple:
        return (self.year, self.region_id or "city")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a year's stock figures are read at: its last day, or today if still running."""
    today = today or timezone.localdate()
    return min(year_end(year), today)


def same_day_last_year(day: datetime.date) -> datetime.date:
    """The same date a year before (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def comparison_days(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """ "与上年同期口径比较": the day ``year`` is read up to (:func:`as_of`) and the same day a
    year before. Flows count 1 January … that day; stocks are read on that day."""
    day = as_of(year, today)
    return day, same_day_last_year(day)


def year_to(field: str, day: datetime.date) -> Q:
    """Rows whose date (``field``) lies between 1 January of ``day``'s year and ``day``."""
    return Q(**{f"{field}__gte": datetime.date(day.year, 1, 1), f"{field}__lte": day})


def dated_by(field: str, year: int, today: datetime.date | None = None) -> Q:
    """Rows of ``year`` whose date (``field``) has come by the as-of day (:func:`as_of`).

    One rule for every dated record (training classes, person-times, education sessions,
    activity logs), as the tally and the coverage page count them: a class starting next
    week or a session dated next week counts once its date has come.
    """
    return year_to(field, as_of(year, today))


def _cn(day: datetime.date, year: bool = True) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"


def comparison_note(year: int, today: datetime.date | None = None) -> str:
    """ "与上年同期口径比较" spelled out, for the page, the print view and the export."""
    day, before = comparison_days(year, today)
    stocks = f"党组织、党员、书记轮训覆盖率等存量指标以{_cn(day)}与上年同一日（{_cn(before)}）的数比较"
    if day == year_end(year):
        flows = f"组织生活、培训、党性教育、“三会一课”达标率等流量指标以{year}年全年与{year - 1}年全年比较"
    else:
        flows = (
            f"组织生活、主题党日、培训班、培训人次、党性教育、“三会一课”达标率等流量指标以"
            f"{year}年1月1日至{_cn(day, False)}与{year - 1}年1月1日至{_cn(before, False)}比较"
        )
    return f"与上年同期口径比较：{flows}；{stocks}。"


def trend_days(year: int, years: int = 5, today: datetime.date | None = None) -> list[datetime.date]:
    """The days the five-year trend reads its figures on: each year's as-of day
    (:func:`as_of`: 31 December, or today for the running year), oldest first."""
    return [as_of(y, today) for y in range(year - years + 1, year + 1)]


def change(current, previous):
    """This year's figure minus last year's same-period figure (None when either is)."""
    if current is None or previous is None:
        return None
    return current - previous


# ---------------------------------------------------------------------------
# Headline figures (Brand.key_figures): one query, any number of figures and days
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Tally:
    """One headline figure for :func:`totals_on_days`: the rows of ``rows`` in the region
    (``region_path``: from a row to its region) for which ``when(day)`` holds, on each day:
    their number (of distinct ``distinct`` values, if given), or the sum of ``total``."""

    rows: Any  # a QuerySet
    region_path: str
    when: Callable[[datetime.date], Q]
    total: str = ""
    distinct: str = ""


AMOUNT = DecimalField(max_digits=20, decimal_places=2)


def _on_days(tally: Tally, days: list[datetime.date]) -> dict:
    """A conditional count (or sum) of ``tally``'s rows per day, ``d0``, ``d1`` …"""
    if tally.total:
        return {
            f"d{i}": Sum(tally.total, filter=tally.when(day), default=0, output_field=AMOUNT)
            for i, day in enumerate(days)
        }
    # One output type for every column of the union (Django converts its rows by the
    # first part's types: SQLite returns sums as floats, made exact decimals).
    return {
        f"d{i}": Count(
            tally.distinct or "pk", distinct=bool(tally.distinct), filter=tally.when(day), output_field=AMOUNT
        )
        for i, day in enumerate(days)
    }


def _in_view(tally: Tally, region_id):
    """``tally``'s rows in the region in view (``None``: every row with a region)."""
    return tally.rows.filter(
        **({tally.region_path: region_id} if region_id else {f"{tally.region_path}__isnull": False})
    ).order_by()


def _value(tally: Tally, value):
    return (value or Decimal(0)) if tally.total else int(value or 0)


def totals_on_days(region_id, days: list[datetime.date], figures: dict[str, Tally]) -> dict[str, list]:
    """``{key: [value on each day]}`` for ``figures`` over the region in view (``None``:
    the whole city, every row with a region). ONE query whatever the number of figures,
    days or regions: one pass over each figure's table, a conditional count (or sum) per
    day, the figures' single rows joined by ``UNION ALL``. Counts are ints, sums Decimals
    (0 when nothing is counted)."""
    parts = []
    for index, tally in enumerate(figures.values()):
        aggregates = _on_days(tally, days)
        parts.append(
            _in_view(tally, region_id)
            .annotate(tally_index=Value(index))
            .values("tally_index")
            .annotate(**aggregates)
            .values("tally_index", *aggregates)
        )
    found = {row["tally_index"]: row for row in parts[0].union(*parts[1:], all=True)} if parts else {}
    result = {}
    for index, (key, tally) in enumerate(figures.items()):
        row = found.get(index, {})
        result[key] = [_value(tally, row.get(f"d{i}")) for i in range(len(days))]
    return result


def totals_by_region(region_id, days: list[datetime.date], figures: dict[str, Tally]) -> dict[str, dict]:
    """``{key: {region id: [value on each day]}}``: :func:`totals_on_days` grouped by
    region (only regions with rows are listed). ONE query whatever the number of figures,
    days or regions: one pass over each figure's table, ``GROUP BY`` its region, a
    conditional count (or sum) per day, joined by ``UNION ALL``."""
    parts = []
    for index, tally in enumerate(figures.values()):
        aggregates = _on_days(tally, days)
        parts.append(
            _in_view(tally, region_id)
            .annotate(tally_index=Value(index), tally_region=F(tally.region_path))
            .values("tally_index", "tally_region")
            .annotate(**aggregates)
            .values("tally_index", "tally_region", *aggregates)
        )
    tallies = list(figures.items())
    result = {key: {} for key in figures}
    for row in parts[0].union(*parts[1:], all=True) if parts else []:
        key, tally = tallies[row["tally_index"]]
        result[key][row["tally_region"]] = [_value(tally, row[f"d{i}"]) for i in range(len(days))]
    return result


# ---------------------------------------------------------------------------
# Tables: one definition shared by the page, the print view and the Excel export
# ---------------------------------------------------------------------------
INT, PCT, TEXT, SIGNED, SIGNED_PCT, DEC = "int", "pct", "text", "signed", "signed_pct", "dec"
SIGNED_DEC = "signed_dec"
# Decimals with one place (hours, stored to one decimal); DEC has two (amounts, scores).
DEC1, SIGNED_DEC1 = "dec1", "signed_dec1"
# The kind of a figure's change on last year.
CHANGE_KINDS = {INT: SIGNED, PCT: SIGNED_PCT, DEC: SIGNED_DEC, DEC1: SIGNED_DEC1}
# The decimal kinds and their places.
DECIMAL_PLACES = {DEC: 2, SIGNED_DEC: 2, DEC1: 1, SIGNED_DEC1: 1}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    # Per-row column kinds where a row differs from ``kinds`` (e.g. a percentage figure).
    row_kinds: list[list[str]] = field(default_factory=list)
    # Region ids of the rows, when the first cell links to the region's drill-down page.
    region_ids: list[int] = field(default_factory=list)
    # URLs of the rows' own drill-down pages (a unit of a region), linked from the first cell.
    links: list[str] = field(default_factory=list)
    # How the frame's drill-down pages chart it: ``(kind, *column indexes)`` of
    # ``{% table_chart %}``, e.g. ``("hbar", 1)``; empty: no chart.
    chart: tuple = ()

    def kinds_of(self, index: int) -> list[str]:
        return self.row_kinds[index] if self.row_kinds else self.kinds

    def display_rows(self) -> list[dict]:
        """The rows as the page and the print view show them: ``{"cells", "region_id", "link"}``."""
        return [
            {
                "cells": [display(value, kind) for value, kind in zip(row, self.kinds_of(i), strict=True)],
                "region_id": self.region_ids[i] if self.region_ids else None,
                "link": self.links[i] if self.links else "",
            }
            for i, row in enumerate(self.rows)
        ]


def figures_table(key: str, title: str, figures: list[dict], *, year: int | None = None, note: str = "") -> Table:
    """A section's "主要指标" table, one row per figure ``{"label", "value", "kind"}`` (kind
    default INT). With ``year``: each figure also carries ``"previous"`` (last year, same
    period) and the columns are 指标 · {year}年 · {year-1}年同期 · 同比增减; else 指标 · 数值.
    A figure with nothing to count may carry ``"empty"``, the words shown instead of "—"
    (三会一课: 本期无应开会议)."""
    compared = year is not None
    headers = ["指标", f"{year}年", f"{year - 1}年同期", "同比增减"] if compared else ["指标", "数值"]
    table = Table(key, title, headers, [TEXT, INT, INT, SIGNED] if compared else [TEXT, INT], note=note)
    for f in figures:
        kind = f.get("kind", INT)
        value, empty = f["value"], f.get("empty")
        shown, shown_kind = (empty, TEXT) if value is None and empty else (value, kind)
        if compared:
            previous = f.get("previous")
            table.rows.append([f["label"], shown, previous, f.get("change", change(value, previous))])
            table.row_kinds.append([TEXT, shown_kind, kind, CHANGE_KINDS.get(kind, SIGNED)])
        else:
            table.rows.append([f["label"], shown])
            table.row_kinds.append([TEXT, shown_kind])
    return table


# ---------------------------------------------------------------------------
# One rounding: figures are kept at full precision and rounded once, half-up, to show
# ---------------------------------------------------------------------------
# Below any shown digit: only the binary noise of a float (0.8465 - 0.82 is
# 0.026499999999999968) is dropped before the one rounding.
_NOISE = Decimal("1e-12")


def half_up(value, places: int, scale: int = 1) -> Decimal:
    """``value × scale`` rounded once to ``places`` decimals, halves away from zero:
    ``half_up(0.0265, 1, 100)`` is 2.7 (a float's own rounding would give 2.6)."""
    exact = (Decimal(value) if not isinstance(value, Decimal) else value).quantize(_NOISE, ROUND_HALF_EVEN)
    return (exact * scale).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def percent_text(value, places: int = 1) -> str:
    """A rate as a percentage, rounded once: 10/33 → "30.3%"."""
    return f"{half_up(value, places, 100)}%"


def points_text(value, signed: bool = True) -> str:
    """A change of a rate in percentage points, rounded once: +0.0265 → "+2.7 个百分点"."""
    points = half_up(value, 1, 100)
    # No change shows no sign (as Excel's "+0.0%;-0.0%;0.0%"): "0.0 个百分点".
    return f"{points:+.1f} 个百分点" if signed and points else f"{abs(points):.1f} 个百分点"


def decimal_text(value, kind: str = DEC) -> str:
    """A decimal figure as shown everywhere: its kind's places, rounded once half-up,
    with thousands separators (``SIGNED_…``: with its sign): "10,142.5"."""
    places = DECIMAL_PLACES[kind]
    rounded = half_up(value, places)
    # A change that rounds to nothing shows no sign, as Excel's "+#,##0.0;-#,##0.0;0.0".
    sign = "+" if kind in (SIGNED_DEC, SIGNED_DEC1) and rounded else ""
    return f"{rounded if rounded else abs(rounded):{sign},.{places}f}"


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == PCT:
        return percent_text(value)
    if kind == SIGNED_PCT:
        return points_text(value)
    if kind == SIGNED:
        # With its sign and thousands separators, as Excel's "+#,##0;-#,##0;0": "+1,234", "0".
        return f"{value:+,}" if value else "0"
    if kind in DECIMAL_PLACES:
        return decimal_text(value, kind)
    if kind == INT and isinstance(value, int):
        return f"{value:,}"
    return str(value)
