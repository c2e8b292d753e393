"""The dashboard's overview (总览, issue 19): every brand's headline figures against the same
period last year, each linking to its tab; the five-year trend; print view and export;
the figures equal those of each brand's own section; fixed query counts."""

import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.models import User
from apps.core.brands import key_figure_brands, registry, resolve
from apps.core.figures import Filters, figures_table
from apps.dashboard import overview
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR
from tests.dashboard.test_views import _grow

pytestmark = pytest.mark.django_db


def _open(client, cast, role="leader", **params):
    return client_for(client, cast, role).get(reverse("dashboard:index"), params)


def _figures(data) -> dict:
    return {(b["key"], f["key"]): f for b in data["brands"] for f in b["figures"]}


def test_the_overview_is_the_default_tab_and_links_every_brand(client, cast, world, no_cache):
    response = _open(client, cast, year=YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "各品牌主要指标" in html and "近五年趋势" in html
    data = response.context["data"]
    tabs = response.context["tabs"]
    keys = [b["key"] for b in data["brands"]]
    assert keys == ["vanguard", "afterglow", "sunset", "sunset_education", "loyal"]
    for key in keys:
        assert f"brand={key}" in html, key
    assert tabs[0]["key"] == "overview" and tabs[0]["title"] == "总览"
    # Stocks and flows say which; the note says what "same period" means.
    assert "时点数" in html and "累计数" in html
    assert "与上年同期口径比较" in html
    # The trend: five years, oldest first, one chart per brand (JSON for the script, no inline code).
    assert data["years"] == [YEAR - 4, YEAR - 3, YEAR - 2, YEAR - 1, YEAR]
    assert html.count("data-trend-chart=") == len(keys)
    assert 'id="overview-data"' in html and "overview.js" in html


def test_overview_figures_of_the_party_are_its_sections(client, cast, world, no_cache):
    """The hand-built city: 2025 against 2024 (both past: whole years)."""
    data = _open(client, cast, year=YEAR).context["data"]
    party = client_for(client, cast, "leader").get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"})
    section = {f["key"]: f for f in party.context["data"]["figures"]}
    figures = _figures(data)
    for key in ("organisations", "members", "passed", "classes", "person_times", "education"):
        mine = figures[("vanguard", key)]
        assert (mine["value"], mine["previous"], mine["change"]) == (
            section[key]["value"],
            section[key]["previous"],
            section[key]["change"],
        ), key
        # The trend's last two years are the section's figures of those years (whole years).
        assert mine["trend"][-2:] == [section[key]["previous"], section[key]["value"]], key
    assert figures[("vanguard", "organisations")]["value"] == 6


def test_a_district_reads_its_own_region(client, cast, world, no_cache):
    data = _open(client, cast, "district", year=YEAR).context["data"]
    assert _figures(data)[("vanguard", "organisations")]["value"] == 4  # 广陵区
    assert _figures(data)[("vanguard", "members")]["value"] == 5


def test_overview_equals_every_brand_section_on_the_demo(db, settings):
    """One selector per figure: on the demo city, every headline figure of the overview is
    the figure its brand's own section shows, this year and last."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    call_command("seed_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    leader = User.objects.get(username="demo_leader")
    brands = {b.key: b for b in registry()}
    this_year = datetime.date.today().year
    for year in (this_year, this_year - 1):
        filters = Filters(year=year)
        data = overview.overview_data(key_figure_brands(leader), filters)
        figures = _figures(data)

        def section(key, filters=filters):
            return resolve(brands[key].dashboard_sections[0].selector)(filters)

        party = {f["key"]: f for f in section("vanguard")["figures"]}
        for key in ("organisations", "members", "passed", "classes", "person_times", "education"):
            assert figures[("vanguard", key)]["value"] == party[key]["value"], (year, key)
            assert figures[("vanguard", key)]["previous"] == party[key]["previous"], (year, key)
        afterglow = section("afterglow")["total"]
        for key in ("teams", "volunteers", "activities", "times", "hours"):
            assert figures[("afterglow", key)]["value"] == afterglow[key], (year, key)
        care = section("sunset")
        assert figures[("sunset", "visits")]["value"] == sum(n for _, n in care["by_type"])
        assert figures[("sunset", "aid")]["value"] == sum(n for _, n in care["aid"])
        assert figures[("sunset", "aid_paid")]["value"] == care["aid_paid"]
        education = section("sunset_education")
        assert figures[("sunset_education", "courses")]["value"] == education["year_courses"]
        assert figures[("sunset_education", "applications")]["value"] == education["year_applications"]
        # The network as it stood on the day read, in both: one selector (venues_open).
        assert figures[("sunset_education", "venues")]["value"] == sum(n for _, n in education["levels"])
        loyal = section("loyal")
        assert figures[("loyal", "classes")]["value"] == loyal["classes"]
        assert figures[("loyal", "person_times")]["value"] == loyal["person_times"]
        assert figures[("loyal", "research_visits")]["value"] == loyal["research_visits"]
        assert figures[("loyal", "reports")]["value"] == loyal["reports"]["n"]
        # The demo has figures to compare (a test of zeros against zeros proves nothing).
        assert figures[("vanguard", "members")]["value"] > 0
        assert figures[("afterglow", "teams")]["value"] > 0
        # Last year's whole-year figures in the trend are last year's section figures.
        if year == this_year - 1:
            assert [figures[("vanguard", k)]["trend"][-1] for k in ("organisations", "classes")] == [
                party["organisations"]["value"],
                party["classes"]["value"],
            ]


# Session and user, the filter form's regions, then ONE query per brand with headline
# figures (five; 绿扬霞光 two: its records are read in one pass), the overview and the
# five-year trend read together.
OVERVIEW_QUERIES = 9


def test_overview_query_count_is_fixed_in_size_and_in_years(
    client, cast, world, no_cache, django_assert_num_queries, monkeypatch
):
    """Overview ≤ 12 queries uncached at any size, and the years cost no query."""
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(url, {"year": YEAR})
    _grow(world)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(url, {"year": YEAR})
    monkeypatch.setattr(overview, "TREND_YEARS", 10)
    with django_assert_num_queries(OVERVIEW_QUERIES) as ten_years:
        response = client.get(url, {"year": YEAR})
    assert len(response.context["data"]["years"]) == 10
    assert len(ten_years) == OVERVIEW_QUERIES


# Measured, cache off, at the test's data: the overview and each part of each brand's tab
# (a brand with several sections shows them as sub-tabs, one per page). Each part is its
# section's queries plus the frame's (session, user, the region list of the filter form).
PAGE_QUERIES = {
    ("overview", None): 9,
    ("vanguard", "vanguard"): 11,
    ("afterglow", "afterglow"): 12,
    ("afterglow", "afterglow_orders"): 6,
    ("afterglow", "afterglow_insights"): 5,
    ("sunset", "sunset"): 12,
    ("sunset", "sunset_education"): 11,
    ("loyal", "loyal"): 12,
}


def test_every_page_stays_within_twelve_queries(client, cast, world, no_cache):
    """Uncached, the overview and each part of each brand's tab, one page each: each at its
    pinned count, all at most 12."""
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    tabs = client.get(url, {"year": YEAR}).context["tabs"]
    assert [t["key"] for t in tabs][:2] == ["overview", "vanguard"]
    counts = {}
    for tab in tabs:
        for part in tab["parts"] or [{"key": None}]:
            params = {"year": YEAR, "brand": tab["key"]} | ({"part": part["key"]} if part["key"] else {})
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            assert response.status_code == 200
            assert (response.context["part"] or {"key": None})["key"] == part["key"]
            counts[tab["key"], part["key"]] = len(queries)
    assert counts == PAGE_QUERIES
    assert max(counts.values()) <= 12, counts


def test_a_brand_with_several_sections_shows_them_as_sub_tabs(client, cast, world, no_cache):
    """绿扬霞光: one tab, three sub-tabs (志愿服务 · 四单服务 · 草根内参), one part per page, the
    first by default; an app's own key (``?brand=afterglow_orders``) opens its part."""
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    response = leader.get(url, {"year": YEAR, "brand": "afterglow"})
    html = response.content.decode()
    assert [p["title"] for p in response.context["chosen"]["parts"]] == ["志愿服务", "四单服务", "草根内参"]
    assert 'class="dash-tabs dash-subtabs" aria-label="绿扬霞光的板块"' in html
    assert "绿扬霞光 · 志愿服务" in html and "四单服务主要指标" not in html
    assert f'href="?year={YEAR}&amp;brand=afterglow&amp;part=afterglow_orders"' in html
    orders = leader.get(url, {"year": YEAR, "brand": "afterglow", "part": "afterglow_orders"}).content.decode()
    assert "四单服务主要指标" in orders and "绿扬霞光 · 志愿服务" not in orders
    assert 'aria-current="page">四单服务</a>' in orders
    # The export and print links carry the part shown.
    assert f"export.xlsx?year={YEAR}&amp;brand=afterglow&amp;part=afterglow_orders" in orders
    by_app = leader.get(url, {"year": YEAR, "brand": "afterglow_orders"})
    assert by_app.context["chosen"]["key"] == "afterglow" and by_app.context["part"]["key"] == "afterglow_orders"
    # The window's title names the tab and the part (a leader's browser tabs and history).
    assert f"<title>数据看板 · 绿扬霞光 · 四单服务 · {YEAR}年 · 全市 · " in orders
    unknown = leader.get(url, {"year": YEAR, "brand": "afterglow", "part": "nope"})
    assert unknown.context["part"]["key"] == "afterglow"
    # A brand with one section shows no sub-tabs.
    assert "dash-subtabs" not in leader.get(url, {"year": YEAR, "brand": "vanguard"}).content.decode()


def test_a_part_exports_and_prints_under_its_brand_and_part_name(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    params = {"year": YEAR, "brand": "afterglow", "part": "afterglow_orders"}
    response = leader.get(reverse("dashboard:export"), params)
    name = response["Content-Disposition"]
    assert quote("数据看板-绿扬霞光-四单服务-") in name
    book = load_workbook(io.BytesIO(response.content))
    assert "绿扬霞光 · 四单服务（" in str(book.worksheets[0]["A1"].value)
    printed = leader.get(reverse("dashboard:print"), params).content.decode()
    assert "· 绿扬霞光（" in printed and "） · 四单服务</h1>" in printed and "工单状态" in printed


CAPTION = re.compile(r"<caption>(.*?)<")


def test_every_part_prints_the_tables_it_shows(client, cast, world, no_cache):
    """The print view of each brand's tab and part holds the tables its page shows, also for
    the sections that declare no print template of their own (牵手夕阳, 丹心向党)."""
    leader = client_for(client, cast, "leader")
    tabs = leader.get(reverse("dashboard:index"), {"year": YEAR}).context["tabs"]
    checked = 0
    for tab in tabs:
        for part in tab["parts"]:
            params = {"year": YEAR, "brand": tab["key"], "part": part["key"]}
            shown = CAPTION.findall(leader.get(reverse("dashboard:index"), params).content.decode())
            printed = leader.get(reverse("dashboard:print"), params)
            assert printed.status_code == 200
            assert shown, part["key"]
            assert CAPTION.findall(printed.content.decode()) == shown, part["key"]
            checked += 1
    assert checked >= 7


def test_the_overview_print_view_and_export(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    printed = leader.get(reverse("dashboard:print"), {"year": YEAR}).content.decode()
    assert "总览" in printed and "近五年趋势" in printed and "与上年同期口径比较" in printed
    assert "data-trend-chart" in printed
    response = leader.get(reverse("dashboard:export"), {"year": YEAR})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["各品牌主要指标", "各品牌主要指标近五年趋势"]
    rows = [r for r in book["各品牌主要指标"].iter_rows(values_only=True) if r and r[0]]
    assert any("时点数" in str(r[0]) for r in rows) and any("累计数" in str(r[0]) for r in rows)
    assert any("与上年同期口径比较" in str(r[0]) for r in rows)
    party = {
        f["key"]: f
        for f in leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": "vanguard"}).context["data"]["figures"]
    }
    party_members = next(r for r in rows if str(r[0]).startswith("银发先锋") and "· 党员" in str(r[0]))
    assert party_members[1:] == (party["members"]["value"], party["members"]["previous"], party["members"]["change"])
    header = next(r for r in book["各品牌主要指标近五年趋势"].iter_rows(values_only=True) if r and r[0] == "指标")
    assert header[1:] == tuple(f"{y}年" for y in range(YEAR - 4, YEAR + 1))


def test_figures_table_helper_compares_or_lists():
    compared = figures_table(
        "t",
        "主要指标",
        [
            {"label": "党员", "value": 7, "previous": 6},
            {"label": "达标率", "value": None, "previous": 0.5, "kind": "pct", "empty": "本期无应开会议"},
        ],
        year=2025,
    )
    assert compared.headers == ["指标", "2025年", "2024年同期", "同比增减"]
    assert [row["cells"] for row in compared.display_rows()] == [
        ["党员", "7", "6", "+1"],
        ["达标率", "本期无应开会议", "50.0%", "—"],
    ]
    listed = figures_table("t", "主要指标", [{"label": "时长", "value": 12.25, "kind": "dec"}])
    assert listed.headers == ["指标", "数值"]
    assert listed.display_rows()[0]["cells"] == ["时长", "12.25"]
