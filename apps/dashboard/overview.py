"""The dashboard's overview (总览) and five-year trend: every brand's headline figures
(``Brand.key_figures``), this year against the same period last year, and the last five
years in one chart and table per brand.

Each brand's selector is called ONCE with every day wanted (the five years' as-of days and
the same day last year): one query per brand whatever the number of years. The figures
are those the brand's own section shows, from the same querysets (tests compare them).
Imports no brand: the brands come from :mod:`apps.core.brands`.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from apps.core.brands import Brand, resolve
from apps.core.figures import (
    INT,
    TEXT,
    Filters,
    Table,
    change,
    comparison_days,
    display,
    figures_table,
    trend_days,
    year_end,
)

TREND_YEARS = 5
STOCK, FLOW = "时点数", "累计数"


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def comparison_note(year: int, today: datetime.date | None = None) -> str:
    """ "与上年同期口径比较" for the overview, the print view and the export: which figures
    are stocks (read on a day) and which flows (1 January … the day)."""
    day, before = comparison_days(year, today)
    if day == year_end(year):
        flows = f"累计数（流量指标）以{year}年全年与{year - 1}年全年比较"
    else:
        flows = (
            f"累计数（流量指标）以{year}年1月1日至{day.month}月{day.day}日"
            f"与{year - 1}年1月1日至{before.month}月{before.day}日比较"
        )
    return f"与上年同期口径比较：{flows}；时点数（存量指标）以{_cn(day)}与{_cn(before)}的数比较。"


def trend_note(year: int, today: datetime.date | None = None) -> str:
    day = comparison_days(year, today)[0]
    last = "全年" if day == year_end(year) else f"截至{day.month}月{day.day}日"
    return (
        f"近五年趋势：{year - TREND_YEARS + 1}—{year - 1}年为全年数（时点数为年末数），{year}年为{last}；"
        "各指标口径与各品牌栏目一致。"
    )


def _figure(spec, series: list, previous) -> dict:
    current = series[-1]
    delta = change(current, previous)
    return {
        "key": spec.key,
        "label": spec.label,
        "unit": spec.unit,
        "kind": spec.kind,
        "basis": STOCK if spec.stock else FLOW,
        "value": current,
        "previous": previous,
        "change": delta,
        "trend": series,
        "value_text": display(current, spec.kind),
        "previous_text": display(previous, spec.kind),
        "change_text": display(abs(delta), spec.kind) if delta is not None else "",
    }


def overview_data(brands: list[Brand], filters: Filters, today: datetime.date | None = None, values=None) -> dict:
    """Every brand's headline figures in view, as plain data (cached, and the chart's JSON).
    ``values(brand, days)``: a brand's figures on those days (default: its selector's)."""
    today = today or timezone.localdate()
    day, before = comparison_days(filters.year, today)
    days = trend_days(filters.year, TREND_YEARS, today)
    parts = []
    for brand in brands:
        declared = brand.key_figures
        wanted = [*days, before]
        found = values(brand, wanted) if values else resolve(declared.selector)(filters.region_id, wanted)
        parts.append(
            {
                "key": brand.key,
                "title": brand.title,
                "subtitle": brand.subtitle,
                "figures": [
                    _figure(spec, found[spec.key][: len(days)], found[spec.key][len(days)]) for spec in declared.figures
                ],
            }
        )
    return {
        "filters": {"year": filters.year, "region_id": filters.region_id, "label": filters.label},
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "comparison": {"day": day.isoformat(), "previous_day": before.isoformat()},
        "note": comparison_note(filters.year, today),
        "trend_note": trend_note(filters.year, today),
        "years": [d.year for d in days],
        "year_labels": [
            f"{d.year}年" if d == year_end(d.year) else f"{d.year}年（截至{d.month}月{d.day}日）" for d in days
        ],
        "brands": parts,
    }


def _row_label(brand: dict, figure: dict) -> str:
    name = f"{brand['title']}（{brand['subtitle']}）" if brand["subtitle"] else brand["title"]
    unit = f"{figure['unit']}，" if figure["unit"] else ""
    return f"{name} · {figure['label']}（{unit}{figure['basis']}）"


def overview_tables(data: dict) -> list[Table]:
    """The overview's tables for the page, the print view and the export: the headline
    figures against last year's same period, and the five-year trend."""
    figures = figures_table(
        "overview-figures",
        "各品牌主要指标",
        [
            {
                "label": _row_label(brand, f),
                "value": f["value"],
                "previous": f["previous"],
                "change": f["change"],
                "kind": f["kind"],
            }
            for brand in data["brands"]
            for f in brand["figures"]
        ],
        year=data["filters"]["year"],
        note=data["note"],
    )
    trend = Table(
        "overview-trend",
        "各品牌主要指标近五年趋势",
        ["指标", *data["year_labels"]],
        [TEXT, *[INT] * len(data["years"])],
        note=data["trend_note"],
    )
    for brand in data["brands"]:
        for f in brand["figures"]:
            trend.rows.append([_row_label(brand, f), *f["trend"]])
            trend.row_kinds.append([TEXT, *[f["kind"]] * len(data["years"])])
    return [figures, trend]


def brand_trend_tables(data: dict) -> list[Table]:
    """One trend table per brand (shown under its chart on the page)."""
    tables = []
    for brand in data["brands"]:
        table = Table(
            f"trend-{brand['key']}",
            f"{brand['title']}{'（' + brand['subtitle'] + '）' if brand['subtitle'] else ''}近五年主要指标",
            ["指标", *data["year_labels"]],
            [TEXT, *[INT] * len(data["years"])],
        )
        for f in brand["figures"]:
            unit = f"（{f['unit']}，{f['basis']}）" if f["unit"] else f"（{f['basis']}）"
            table.rows.append([f"{f['label']}{unit}", *f["trend"]])
            table.row_kinds.append([TEXT, *[f["kind"]] * len(data["years"])])
        tables.append(table)
    return tables
