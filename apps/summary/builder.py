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

from apps.assessment import published
from apps.core.brands import registry, resolve
from apps.core.figures import DEC, DECIMAL_PLACES, INT, PCT, Filters, as_of, display, half_up, points_text
from apps.summary import readings, wording
from apps.summary.models import SummaryTemplate


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
    return f"{_number(figure['value'], figure.get('kind'))}{unit}"


def _number(value, kind) -> str:
    return readings.number(value, kind if kind in DECIMAL_PLACES else INT)


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
    kind = figure.get("kind")
    if (half_up(change, DECIMAL_PLACES[kind]) if kind in DECIMAL_PLACES else change) == 0:
        return "与上年同期持平"
    unit = figure.get("unit") or ""
    return f"比上年同期{'增加' if change > 0 else '减少'}{_number(abs(change), kind)}{unit}"


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


def _base(year, scope, day) -> dict[str, str]:
    return {"年份": str(year), "范围": scope, "品牌": "", "截至": f"{day.year}年{day.month}月{day.day}日"}


def _sections():
    return [(brand, section) for brand in registry() if not brand.shared for section in brand.dashboard_sections]


def placeholder_names(part: str, year: int | None = None) -> list[str]:
    """The placeholders a part's template may use besides the common ones: its figures
    (each also with ``·上年`` and ``·变化``) and the sentences its reader writes."""
    if part == wording.ASSESSMENT:
        return list(wording.ASSESSMENT_NAMES)
    year = year or timezone.localdate().year
    names = []
    for brand, section in _sections():
        if brand.key == part:
            reader = readings.reader_for(brand.key)
            reading = reader.read(resolve(section.selector)(Filters(year=year)), None, None)
            for figure in reading.figures:
                name = wording.placeholder_name(figure["label"])
                names += [name + suffix for suffix in wording.SUFFIXES]
            names += [*reader.sentences, *reading.sentences]
    return list(dict.fromkeys(names))


def _figures_table(year: int, figures: list[dict], title: str) -> SummaryTable | None:
    if not figures:
        return None
    written = _figures(figures)
    compared = any(f.get("previous") is not None for f in figures)
    if compared:
        headers = ["指标", f"{year}年", f"{year - 1}年", "变化"]
        rows = [[w["label"], w["text"], w["previous"], _short_change(w["change"])] for w in written]
    else:
        headers = ["指标", f"{year}年"]
        rows = [[w["label"], w["text"]] for w in written]
    return SummaryTable(title, headers, rows)


def _short_change(change: str) -> str:
    """The change as the table's column writes it: ``增加8个``, ``持平``, ``—``."""
    return change.replace("与上年同期持平", "持平").replace("比上年同期", "") or "—"


def _ended(year: int, today: datetime.date) -> bool:
    return as_of(year, today) == datetime.date(year, 12, 31)


def brand_part(brand, section, filters: Filters, day, templates, *, compare: bool) -> Part:
    """One brand's part: its section's figures (this year's, and last year's when the
    year has ended), the sentences and tables its reader gives, staff's wording."""
    reader = readings.reader_for(brand.key)
    select = resolve(section.selector)
    data = select(filters)
    previous = select(Filters(year=filters.year - 1, region=filters.region)) if compare and reader.compares else None
    reading = reader.read(data, previous, filters.region)
    values = {
        **_base(filters.year, filters.region_name, day),
        "品牌": brand.title,
        **wording.figure_values(_figures(reading.figures)),
        **dict.fromkeys(reader.sentences, ""),
        **reading.sentences,
    }
    template = templates.get(brand.key)
    heading = template.heading if template and template.heading else brand_heading(brand)
    body = template.body if template else wording.DEFAULT_SECTION
    tables = [_figures_table(filters.year, reading.figures, f"{brand_heading(brand)}主要指标")]
    tables += [SummaryTable(t.title, t.headers, t.rows, t.note) for t in reading.tables if t.rows]
    return Part(brand.key, heading, wording.render(body, values), [t for t in tables if t])


def brand_heading(brand) -> str:
    return f"{brand.title}（{brand.subtitle}）" if brand.subtitle else brand.title


def assessment_values(year: int, region) -> tuple[dict[str, str], list[SummaryTable]] | None:
    """The year's published region ranking (:mod:`apps.assessment.published`, two queries at
    most): for the city, the grades and the ranking table; for a region, its own line and
    its organisations' grades."""
    city = published.results(Filters(year=year))
    if city is None:
        return None
    ranking = city["ranking"]
    grades = "、".join(f"{g['label']}{g['count']}个" for g in city["grades"] if g["count"])
    values = {"考评方案": city["scheme"], "参评单位数": str(len(ranking)), "等次分布": grades}
    tables = []
    if region is None:
        values["考评结果"] = f"“{city['scheme']}”共考评{len(ranking)}个县（市、区），其中{grades}。"
        tables.append(
            SummaryTable(
                "综合考评结果",
                ["名次", "单位", "得分", "等次"],
                [[str(r["rank"]), r["name"], display(r["score"], DEC), r["grade"]] for r in ranking],
            )
        )
        return values, tables
    own = next((r for r in ranking if r["name"] == region.name), None)
    if own is None:
        return None
    values.update(
        {
            "考评名次": str(own["rank"]),
            "考评得分": display(own["score"], DEC),
            "考评等次": own["grade"],
            "考评结果": (
                f"在“{city['scheme']}”中，{region.name}得分{display(own['score'], DEC)}分，"
                f"在{len(ranking)}个参评单位中位列第{own['rank']}名，评为{own['grade']}。"
            ),
        }
    )
    units = published.results(Filters(year=year, region=region))
    if units:
        counts = "、".join(f"{g['label']}{g['count']}个" for g in units["grades"] if g["count"])
        values["考评结果"] += f"本区域参加“{units['scheme']}”的{len(units['ranking'])}个党组织中，{counts}。"
    return values, tables


def assessment_part(year: int, region, day, templates) -> Part | None:
    found = assessment_values(year, region)
    if found is None:
        return None
    values, tables = found
    values = {
        **_base(year, region.name if region else "全市", day),
        **dict.fromkeys(wording.ASSESSMENT_NAMES, ""),
        **values,
    }
    template = templates.get(wording.ASSESSMENT)
    body = template.body if template else wording.DEFAULT_ASSESSMENT
    heading = template.heading if template and template.heading else "综合考评"
    return Part(wording.ASSESSMENT, heading, wording.render(body, values), tables)


def collect(year: int, region=None, *, today: datetime.date | None = None, progress: Callable | None = None) -> Summary:
    """The summary of ``year`` for ``region`` (``None``: the city), computed live.
    ``progress(percent, step)`` is called as each part is done. The number of queries does
    not depend on the number of regions: each section's selector is called once (twice
    when the year has ended: last year's too), the assessment once or twice."""
    today = today or timezone.localdate()
    filters = Filters(year=year, region=region)
    scope = filters.region_name
    day = as_of(year, today)
    compare = _ended(year, today)
    templates = {t.part: t for t in SummaryTemplate.objects.all()}
    sections = _sections()

    def words(part, default, values):
        template = templates.get(part)
        return wording.render(template.body if template else default, values)

    base = _base(year, scope, day)
    opening = words(wording.OPENING, wording.DEFAULT_OPENING, base)
    parts = []
    for done, (brand, section) in enumerate(sections, start=1):
        parts.append(brand_part(brand, section, filters, day, templates, compare=compare))
        if progress:
            progress(int(90 * done / (len(sections) + 1)), f"已统计“{brand.title}”")
    assessment = assessment_part(year, region, day, templates)
    if assessment:
        parts.append(assessment)
    closing = words(wording.CLOSING, wording.DEFAULT_CLOSING, base)
    return Summary(year, scope, day, f"{scope}{year}年度老干部工作总结", opening, parts, closing)
