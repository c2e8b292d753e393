"""The year's work summary, written from the data: the brands in order, each with the
figures its dashboard section computes (the same selector, so the two always agree),
staff's wording around them, the section's main tables, and the assessment's result.

:func:`collect` gathers it as plain data; :mod:`apps.summary.documents` writes it as Word
and PDF.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from apps.assessment.choices import Grade, SchemeStatus, UnitKind
from apps.assessment.models import Result
from apps.core.brands import registry, resolve
from apps.core.figures import PCT, Filters, as_of, display, half_up, points_text
from apps.summary import wording
from apps.summary.models import SummaryTemplate

# The tables of a dashboard section that go into the summary: its main figures and its
# by-region table (keys named so by every section's table builder).
SUMMARY_TABLES = ("figures", "regions")


@dataclass
class SummaryTable:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Part:
    key: str
    heading: str
    paragraphs: list[str]
    tables: list[SummaryTable] = field(default_factory=list)


@dataclass
class Summary:
    year: int
    scope: str
    as_of: datetime.date
    title: str
    opening: list[str]
    parts: list[Part]
    closing: list[str]


def figure_text(figure: dict) -> str:
    """A figure as the summary writes it: rounded once, with its unit."""
    if figure["value"] is None:
        return figure.get("empty") or "—"
    if figure.get("percent"):
        return display(figure["value"], PCT)
    unit = figure.get("unit") or ""
    return f"{display(figure['value'], 'int')}{unit}"


def change_text(figure: dict) -> str:
    """The change on the same period of last year, in words; ``""`` when not known."""
    change = figure.get("change")
    if change is None:
        return ""
    if figure.get("percent"):
        points = half_up(change, 1, 100)
        if points == 0:
            return "与上年同期持平"
        return f"比上年同期{'提高' if points > 0 else '下降'}{points_text(change, signed=False)}"
    if change == 0:
        return "与上年同期持平"
    unit = figure.get("unit") or ""
    return f"比上年同期{'增加' if change > 0 else '减少'}{display(abs(change), 'int')}{unit}"


def _figures(figures: list[dict]) -> list[dict]:
    return [
        {
            "label": f["label"],
            "text": figure_text(f),
            "previous": figure_text({**f, "value": f.get("previous"), "empty": "—"}),
            "change": change_text(f),
        }
        for f in figures
    ]


def _values(year, scope, brand_title, figures, day) -> dict[str, str]:
    return {
        "年份": str(year),
        "范围": scope,
        "品牌": brand_title,
        "截至": f"{day.year}年{day.month}月{day.day}日",
        **wording.figure_values(_figures(figures)),
    }


def _sections():
    return [(brand, section) for brand in registry() if not brand.shared for section in brand.dashboard_sections]


def placeholder_names(part: str, year: int | None = None) -> list[str]:
    """The figure placeholders a part's template may use: its section's figures this year."""
    year = year or timezone.localdate().year
    names = []
    for brand, section in _sections():
        if brand.key == part:
            data = resolve(section.selector)(Filters(year=year))
            for figure in data.get("figures", []):
                name = wording.placeholder_name(figure["label"])
                names += [name + suffix for suffix in wording.SUFFIXES]
    return names


def _tables(section, data) -> list[SummaryTable]:
    if not section.table:
        return []
    tables = []
    for table in resolve(section.table)(data):
        if table.key not in SUMMARY_TABLES or not table.rows:
            continue
        tables.append(
            SummaryTable(table.title, list(table.headers), [row["cells"] for row in table.display_rows()], table.note)
        )
    return tables


def assessment_part(year: int, region) -> Part | None:
    """The year's published region ranking: the region's own line, or the city's table."""
    rows = list(
        Result.objects.filter(
            run__is_current=True,
            run__scheme__year=year,
            run__scheme__status__in=[SchemeStatus.PUBLISHED, SchemeStatus.LOCKED],
            run__scheme__unit_kind=UnitKind.REGION,
        )
        .order_by("rank", "unit_name")
        .values("rank", "unit_name", "total", "grade", "region_id", "run__scheme__name")
    )
    if not rows:
        return None
    grades = dict(Grade.choices)
    scheme = rows[0]["run__scheme__name"]
    if region is not None:
        own = next((r for r in rows if r["region_id"] == region.pk), None)
        if own is None:
            return None
        text = (
            f"在“{scheme}”中，{region.name}得分 {display(float(own['total']), 'dec')} 分，"
            f"在 {len(rows)} 个参评单位中位列第 {own['rank']} 名，评为{grades.get(own['grade'], '—')}。"
        )
        return Part("assessment", "综合考评", [text])
    counts = {label: 0 for label in grades.values()}
    for row in rows:
        if row["grade"]:
            counts[grades[row["grade"]]] += 1
    text = (
        f"“{scheme}”共考评 {len(rows)} 个单位，其中"
        + "、".join(f"{label} {n} 个" for label, n in counts.items() if n)
        + "。"
    )
    table = SummaryTable(
        "综合考评结果",
        ["名次", "单位", "得分", "等次"],
        [
            [str(r["rank"]), r["unit_name"], display(float(r["total"]), "dec"), grades.get(r["grade"], "—")]
            for r in rows
        ],
    )
    return Part("assessment", "综合考评", [text], [table])


def collect(year: int, region=None, *, today: datetime.date | None = None, progress: Callable | None = None) -> Summary:
    """The summary of ``year`` for ``region`` (``None``: the city), computed live.
    ``progress(percent, step)`` is called as each part is done."""
    today = today or timezone.localdate()
    filters = Filters(year=year, region=region)
    scope = filters.region_name
    day = as_of(year, today)
    templates = {t.part: t for t in SummaryTemplate.objects.all()}
    sections = [(brand, section) for brand in registry() if not brand.shared for section in brand.dashboard_sections]

    def words(part, default, values):
        template = templates.get(part)
        return wording.render(template.body if template else default, values)

    def heading(part, default):
        template = templates.get(part)
        return template.heading if template and template.heading else default

    base = _values(year, scope, "", [], day)
    opening = words(wording.OPENING, wording.DEFAULT_OPENING, base)
    parts = []
    for done, (brand, section) in enumerate(sections, start=1):
        data = resolve(section.selector)(filters)
        values = _values(year, scope, brand.title, data.get("figures", []), day)
        parts.append(
            Part(
                brand.key,
                heading(brand.key, f"{brand.title}（{brand.subtitle}）" if brand.subtitle else brand.title),
                words(brand.key, wording.DEFAULT_SECTION, values),
                _tables(section, data),
            )
        )
        if progress:
            progress(int(90 * done / (len(sections) + 1)), f"已统计“{brand.title}”")
    assessment = assessment_part(year, region)
    if assessment:
        parts.append(assessment)
    closing = words(wording.CLOSING, wording.DEFAULT_CLOSING, base)
    return Summary(year, scope, day, f"{scope}{year}年度老干部工作总结", opening, parts, closing)
