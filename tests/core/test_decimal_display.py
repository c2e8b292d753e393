"""One display rule for decimal figures (issue 19): thousands separators, the figure's own
places (hours one, amounts and scores two), rounded once half-up at display — the same
text on the overview, the sections, the Excel formats and the year's summary."""

from decimal import Decimal

from apps.core.brands import registry
from apps.core.figures import DEC, DEC1, SIGNED_DEC, SIGNED_DEC1, Table, display
from apps.dashboard.export import NUMBER_FORMATS
from apps.dashboard.overview import _figure
from apps.summary import builder, readings


def test_decimals_carry_separators_and_their_own_places_rounded_once():
    assert display(Decimal("10142.50"), DEC1) == "10,142.5"
    assert display(Decimal("10142.45"), DEC1) == "10,142.5"  # half-up, not half-even
    assert display(9326.04, DEC1) == "9,326.0"
    assert display(Decimal("1234567.125"), DEC) == "1,234,567.13"
    assert display(Decimal("-1234.55"), SIGNED_DEC1) == "-1,234.6"
    assert display(Decimal("1234.5"), SIGNED_DEC) == "+1,234.50"
    assert display(0.0265, DEC) == "0.03"


def test_hours_read_the_same_on_the_overview_the_section_and_the_summary():
    hours = Decimal("10142.50")
    spec = next(f for b in registry() if b.key_figures for f in b.key_figures.figures if f.unit == "小时")
    assert _figure(spec, [hours], Decimal("9326.04"))["value_text"] == "10,142.5"
    assert _figure(spec, [hours], Decimal("9326.04"))["change_text"] == "816.5"
    table = Table("t", "t", ["指标", "数值"], ["text", DEC1], rows=[["时长", hours]])
    assert table.display_rows()[0]["cells"] == ["时长", "10,142.5"]
    figure = readings.figure("hours", "确认服务时长", hours, Decimal("9326.04"), unit="小时", kind=DEC1)
    assert builder.figure_text(figure) == "10,142.5小时"
    assert builder.change_text(figure) == "比上年同期增加816.5小时"
    assert readings.number(hours, DEC1) == "10,142.5"


def test_the_excel_formats_keep_the_same_places_and_separators():
    assert NUMBER_FORMATS[DEC1] == "#,##0.0" and NUMBER_FORMATS[DEC] == "#,##0.00"


def test_the_figure_filter_follows_the_one_display_rule():
    from django.template import Context, Template

    rendered = Template('{% load figures %}{{ h|figure:"dec1" }}|{{ n|figure }}|{{ none|figure }}').render(
        Context({"h": Decimal("10142.45"), "n": 12345, "none": None})
    )
    assert rendered == "10,142.5|12,345|—"


def test_signed_integer_changes_carry_separators_as_excel_shows_them():
    """同比增减 (SIGNED): "+1,234", as Excel's "+#,##0" — not "+1234"."""
    from apps.core.figures import SIGNED, figures_table

    assert display(1234, SIGNED) == "+1,234"
    assert display(-1234567, SIGNED) == "-1,234,567"
    assert display(7, SIGNED) == "+7"
    assert display(Decimal("2500"), SIGNED) == "+2,500"
    assert NUMBER_FORMATS[SIGNED] == "+#,##0;-#,##0;0"
    table = figures_table("t", "主要指标", [{"label": "党员", "value": 21234, "previous": 20000}], year=2026)
    assert table.display_rows()[0]["cells"] == ["党员", "21,234", "20,000", "+1,234"]


def test_the_party_sections_figures_and_changes_carry_separators():
    """银发先锋's KPIs: "21,234人", the change in words "增加 1,234人"."""
    from django.template.loader import render_to_string

    up = render_to_string("party/dashboard/_change.html", {"f": {"change": 1234, "unit": "人", "percent": False}})
    down = render_to_string("party/dashboard/_change.html", {"f": {"change": -2345, "unit": "人", "percent": False}})
    assert "增加 1,234人" in up and "减少 2,345人" in down
    figure = {"key": "members", "label": "党员", "value": 21234, "unit": "人", "change": 1234, "percent": False}
    kpis = render_to_string("party/dashboard/_figures.html", {"data": {"figures": [figure]}})
    assert "21,234<small>人</small>" in kpis


def test_no_change_shows_no_sign_as_excel_does():
    """A change that rounds to nothing: "0", "0.0", "0.0 个百分点" — as Excel's formats
    ("+#,##0;-#,##0;0" …) show it, never "+0" or "-0.0"."""
    from apps.core.figures import SIGNED, SIGNED_DEC1, SIGNED_PCT

    assert display(0, SIGNED) == "0"
    assert display(Decimal("0.04"), SIGNED_DEC1) == "0.0"
    assert display(Decimal("-0.04"), SIGNED_DEC1) == "0.0"
    assert display(Decimal("-1234.56"), SIGNED_DEC1) == "-1,234.6"
    assert display(Decimal("-0.0004"), SIGNED_PCT) == "0.0 个百分点"
    assert display(Decimal("0.0265"), SIGNED_PCT) == "+2.7 个百分点"
    assert NUMBER_FORMATS[SIGNED_DEC1].endswith(";0.0") and NUMBER_FORMATS[SIGNED_PCT].endswith(";0.0%")
