"""Issue 14 in the dashboard's Party section: same-period comparisons (item 3), one rounding
(item 6), committees in the drill-down (item 7, in test_views) and one meaning of 培训人次
(item 9)."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from apps.core.figures import (
    PCT,
    SIGNED_PCT,
    Filters,
    comparison_days,
    display,
    half_up,
    same_day_last_year,
)
from apps.core.templatetags.figures import pct_points, percent, percent0
from apps.party import dashboard
from tests import factories as f
from tests.dashboard.conftest import YEAR, _logs, _member
from tests.dashboard.test_views import get

D = datetime.date


def figures(data):
    return {fig["key"]: (fig["value"], fig["previous"], fig["change"]) for fig in data["figures"]}


# ---------------------------------------------------------------------------
# Item 3: flows from 1 January to the same day; stocks on the same date
# ---------------------------------------------------------------------------
def test_same_day_last_year():
    assert same_day_last_year(D(2026, 12, 6)) == D(2025, 12, 6)
    assert same_day_last_year(D(2024, 2, 29)) == D(2023, 2, 28)
    assert comparison_days(2026, D(2026, 6, 15)) == (D(2026, 6, 15), D(2025, 6, 15))
    assert comparison_days(2025, D(2026, 6, 15)) == (D(2025, 12, 31), D(2024, 12, 31))


def test_a_running_year_is_compared_with_the_same_period_of_last_year(db):
    region = f.region("仪征市")
    branch = f.OrganisationFactory(name="同期比较党支部", region=region, founded_on=D(2010, 1, 1))
    today = D(2025, 6, 15)
    # Theme days: 2025 → 2 (March, 10 June); 2024 → 10 Feb, 10 June (same period),
    # 20 June and November (after the same day: not compared).
    _logs(branch, "theme_day", [D(2025, 3, 10), D(2025, 6, 10)])
    _logs(branch, "theme_day", [D(2024, 2, 10), D(2024, 6, 10), D(2024, 6, 20), D(2024, 11, 10)])
    # Members: one joined 2020 and still in; one left in September 2024 — a member on
    # 15 June 2024, the stock's same date, though not at the end of 2024.
    _member(branch, D(2020, 1, 1))
    _member(branch, D(2020, 1, 1), left=D(2024, 9, 1))
    data = dashboard.dashboard_data(Filters(year=2025, region=region), today=today)
    got = figures(data)
    assert got["theme_days"] == (2, 2, 0)  # all of 2024 would be 4
    assert got["activities"] == (2, 2, 0)
    assert {t["type"]: t["previous"] for t in data["types"]}["theme_day"] == 2
    assert got["members"] == (1, 2, -1)  # 31 Dec 2024 would give 1
    note = data["comparison"]["note"]
    assert "2025年1月1日至6月15日与2024年1月1日至6月15日比较" in note
    assert "上年同一日（2024年6月15日）" in note


def test_the_comparison_is_said_on_the_page_the_print_view_and_the_export(client, cast, world, no_cache):
    page = get(client, cast, "leader", "dashboard:index", year=YEAR)
    note = page.context["data"]["comparison"]["note"]
    assert note.startswith("与上年同期口径比较：") and "2024年全年" in note
    assert note in page.content.decode()
    assert "比上年同期" in page.content.decode()
    assert note in get(client, cast, "leader", "dashboard:print", year=YEAR).content.decode()
    export = get(client, cast, "leader", "dashboard:export", year=YEAR)
    sheet = load_workbook(io.BytesIO(export.content))["主要指标"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert note in cells and f"{YEAR - 1}年同期" in cells


# ---------------------------------------------------------------------------
# Item 6: full precision, rounded once at display, half-up
# ---------------------------------------------------------------------------
def test_rates_are_rounded_once_half_up():
    # 邗江's change: 84.65 % − 82 % = +2.65 points (a float: 0.026499999999999968).
    change = 0.8465 - 0.82
    assert display(change, SIGNED_PCT) == "+2.7 个百分点"
    assert pct_points(-change) == "2.7 个百分点"
    assert display(10 / 33, PCT) == "30.3%" and percent(10 / 33) == "30.3%"
    assert percent(0.8125) == "81.3%"  # a float's own .1f gives 81.2%
    assert percent0(29 / 200) == "15%"  # 14.499999… as a float
    assert half_up(2 / 3, 4) == half_up(0.66665, 4) == half_up(0.666650000001, 4)


def test_figures_and_export_keep_full_precision(client, cast, world, no_cache):
    data = dashboard.dashboard_data(Filters(year=YEAR))
    got = figures(data)
    assert got["compliance"] == (39 / 203, 3 / 176, 39 / 203 - 3 / 176)
    export = get(client, cast, "leader", "dashboard:export", year=YEAR)
    sheet = load_workbook(io.BytesIO(export.content))["主要指标"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "“三会一课”达标率")
    # Not 0.1921 then 0.1751: the writer keeps the number (to a float's printed digits).
    assert row[1].value == pytest.approx(39 / 203, abs=1e-12) and row[1].number_format == "0.0%"
    assert row[3].value == pytest.approx(39 / 203 - 3 / 176, abs=1e-12)


# ---------------------------------------------------------------------------
# Item 9: 培训人次 by the trainee's organisation, in the region table and the drill-down
# ---------------------------------------------------------------------------
def test_person_times_have_one_meaning_in_the_region_table_and_the_drill_down(client, cast, world, no_cache):
    # 2024: the class organised by 广陵 had S3 of 邗江's H1 among its two trainees.
    hj = f.region("邗江区")
    table = {r["name"]: r for r in dashboard.dashboard_data(Filters(year=YEAR - 1))["regions"]}
    assert (table["邗江区"]["person_times"], table["广陵区"]["person_times"]) == (1, 1)
    drill = get(client, cast, "leader", "dashboard:region", hj.pk, year=YEAR - 1)
    rows = {r["name"]: r for r in drill.context["rows"]}
    assert rows["邗江区“霞满邗城”党支部"]["person_times"] == table["邗江区"]["person_times"]
    assert "培训人次（按学员所在党组织）" in drill.content.decode()
    page = get(client, cast, "leader", "dashboard:index", year=YEAR - 1).content.decode()
    assert "培训人次（按学员所在党组织）" in page
