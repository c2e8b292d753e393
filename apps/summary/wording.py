"""Staff's wording around the figures: plain Chinese text with placeholders in 〔 〕.

``〔党员〕`` is the figure's value with its unit (``19,850 人``), ``〔党员·上年〕`` the same
period of last year's, ``〔党员·变化〕`` the change in words (``比上年同期增加 120 人``);
``〔年份〕``, ``〔范围〕``, ``〔品牌〕``, ``〔截至〕`` and ``〔指标列表〕`` (every figure of the
part in one sentence) are always there; a brand's reader (:mod:`apps.summary.readings`)
adds whole sentences (``〔荣誉列表〕``, ``〔获奖列表〕``, ``〔区县排名〕`` …, empty when there is
nothing to say), and the assessment part has its own (``ASSESSMENT_NAMES``). A figure's placeholder is its label without
quotation marks and bracketed asides. Paragraphs are separated by a blank line. Nothing but these values can be
reached from a template: the figures are the system's, the words are staff's.
"""

from __future__ import annotations

import re

OPENING = "opening"
CLOSING = "closing"
ASSESSMENT = "assessment"

PLACEHOLDER = re.compile(r"〔([^〔〕\n]{1,40})〕")
BASE_NAMES = ("年份", "范围", "品牌", "截至", "指标列表")
SUFFIXES = ("", "·上年", "·变化")

DEFAULT_OPENING = (
    "〔年份〕年，〔范围〕老干部工作以“四项工程”推进“四大品牌”建设，"
    "不断提升老干部工作信息化、精准化、规范化水平。现将全年工作总结如下。"
)
DEFAULT_SECTION = "〔年份〕年，〔范围〕“〔品牌〕”工作扎实推进。〔指标列表〕"
# The assessment part: the published region ranking (a region's summary: its own line).
ASSESSMENT_NAMES = ("考评结果", "考评方案", "参评单位数", "等次分布", "考评名次", "考评得分", "考评等次")
DEFAULT_ASSESSMENT = "〔考评结果〕"
DEFAULT_CLOSING = "以上数据由系统根据〔年份〕年业务记录自动统计，截至〔截至〕。"

_BLANK_LINES = re.compile(r"\n\s*\n")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」 ")


_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


def placeholder_name(label: str) -> str:
    """A figure's placeholder: its label without quotation marks and without an aside in
    brackets (``培训人次（按学员所在党组织）`` → ``培训人次``)."""
    return _ASIDE.sub("", label).translate(_QUOTES)


def figure_values(figures: list[dict]) -> dict[str, str]:
    """``{name: text}`` for the figures (each with ``label``, ``text``, ``previous``, ``change``)."""
    values = {}
    for figure in figures:
        name = placeholder_name(figure["label"])
        values[name] = figure["text"]
        values[f"{name}·上年"] = figure["previous"]
        values[f"{name}·变化"] = figure["change"]
    sentences = [f"{f['label']}{f['text']}" + (f"（{f['change']}）" if f["change"] else "") for f in figures]
    values["指标列表"] = ("；".join(sentences) + "。") if sentences else ""
    return values


def unknown_names(body: str, names) -> list[str]:
    known = set(names)
    return sorted({m for m in PLACEHOLDER.findall(body) if m not in known})


def check_template(body: str, names=None) -> str:
    """An error message in Chinese, or ``""`` when every placeholder is known."""
    if not body.strip():
        return "文字模板不能为空。"
    if body.count("〔") != body.count("〕"):
        return "占位符的“〔”和“〕”不成对。"
    known = [*BASE_NAMES, *(names or ())]
    unknown = unknown_names(body, known)
    if unknown:
        listed = "、".join(f"〔{name}〕" for name in known if "·" not in name)
        return f"占位符 {'、'.join(f'〔{n}〕' for n in unknown)} 不存在。可用的占位符：{listed}（指标后可加“·上年”“·变化”）。"
    return ""


_EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")
_DOUBLED = re.compile(r"[，；、]+(?=[，；。])")


def _tidy(paragraph: str) -> str:
    """What a value left empty leaves behind (a figure not compared with last year, a list
    with nothing in it): empty brackets, punctuation doubled or at the start, go."""
    text = _DOUBLED.sub("", _EMPTY_BRACKETS.sub("", " ".join(paragraph.split())))
    return re.sub("。{2,}", "。", text).lstrip("，；。、 ")


def render(body: str, values: dict[str, str]) -> list[str]:
    """The paragraphs ``body`` gives; a placeholder no longer known stays as typed."""
    text = PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), body)
    paragraphs = (_tidy(p) for p in _BLANK_LINES.split(text) if p.strip())
    return [p for p in paragraphs if p]


def part_choices() -> list[tuple[str, str]]:
    """The parts a template may be written for: the opening, each brand with a dashboard
    section (in the registry's order), the closing."""
    from apps.core.brands import registry

    parts = [(OPENING, "开头")]
    parts += [
        (b.key, f"{b.title}（{b.subtitle}）" if b.subtitle else b.title)
        for b in registry()
        if not b.shared and b.dashboard_sections
    ]
    return [*parts, (ASSESSMENT, "综合考评"), (CLOSING, "结尾")]
