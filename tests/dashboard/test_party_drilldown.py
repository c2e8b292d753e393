"""银发先锋's drill-down pages (a region's organisations, one organisation) as the frame
shows a ``Drill``: the page, its print view and its Excel workbook — every organisation of
the region, not one page of them, with the page's figures (三会一课 included); out of
region stays a 404 in every format; a fixed number of queries whatever the rows."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.party.models import Organisation
from tests import factories as f
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR, person

pytestmark = pytest.mark.django_db

# Session, user, then every organisation of the region with its figures, and their
# 三会一课 (three: apps.party.dashboard.organisation_compliance). The export adds its
# audit record.
REGION_PRINT_QUERIES = 6
REGION_XLSX_QUERIES = REGION_PRINT_QUERIES + 1
# As the page (tests/dashboard/test_views.py ORGANISATION_QUERIES): the same figures.
ORGANISATION_PRINT_QUERIES = 14
ORGANISATION_XLSX_QUERIES = ORGANISATION_PRINT_QUERIES + 1


def _more_branches(world, n):
    gl = f.region("广陵区")
    for i in range(n):
        org = f.OrganisationFactory(name=f"分页{i:02d}党支部", region=gl, parent=world.orgs["C1"])
        f.MembershipFactory(person=person(), organisation=org)


def _sheet_rows(response, index=0):
    book = load_workbook(io.BytesIO(response.content))
    return [row for row in book.worksheets[index].iter_rows(values_only=True)], book


def test_region_print_and_export_show_every_organisation_with_the_pages_figures(client, cast, world, no_cache):
    _more_branches(world, 55)
    gl = f.region("广陵区")
    f.OrganisationFactory(name="无支部的党委", kind="committee", region=gl)  # nothing due
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:region", args=[gl.pk])
    page = leader.get(url, {"year": YEAR})
    assert len(page.context["rows"]) == 50
    html = page.content.decode()
    assert f"?year={YEAR}&amp;format=xlsx" in html and f"?year={YEAR}&amp;format=print" in html
    page_row = next(r for r in page.context["rows"] if r["id"] == world.orgs["B1"].pk)
    assert page_row["compliance"] == 36 / 44

    printed = leader.get(url, {"year": YEAR, "format": "print"})
    text = printed.content.decode()
    assert "分页00党支部" in text and "分页54党支部" in text and "打印时间" in text
    b1_row = text.split("东关街道“银铃”党支部", 1)[1].split("</tr>", 1)[0]
    assert "81.8%" in b1_row and "<td>36</td>" in b1_row
    assert reverse("dashboard:organisation", args=[world.orgs["B1"].pk]) not in text  # no links on paper
    # A committee shows its branches' rate, as on the page; an organisation with nothing due says so.
    c1_page = next(r for r in page.context["rows"] if r["id"] == world.orgs["C1"].pk)["compliance"]
    c1_row = text.split("广陵区离退休干部党委", 1)[1].split("</tr>", 1)[0]
    assert f"{c1_page * 100:.1f}%" in c1_row
    assert "本期无应开会议" in text.split("无支部的党委", 1)[1].split("</tr>", 1)[0]

    response = leader.get(url, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows, _book = _sheet_rows(response)
    names = [r[0] for r in rows]
    assert "分页00党支部" in names and "分页54党支部" in names and "已撤销党支部" not in names
    b1 = next(r for r in rows if r[0] == "东关街道“银铃”党支部")
    assert b1[1:6] == (page_row["members"], 36, pytest.approx(36 / 44), page_row["person_times"], 2)
    assert next(r for r in rows if r[0] == "无支部的党委")[3] == "本期无应开会议"
    assert next(r for r in rows if r[0] == "分页00党支部")[3] == 0  # due, none met
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="离退休干部党组织").exists()


def test_the_printed_region_follows_the_search(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:region", args=[f.region("广陵区").pk])
    text = leader.get(url, {"year": YEAR, "q": "银铃", "format": "print"}).content.decode()
    assert "东关街道“银铃”党支部" in text and "湾头镇“新绿”党支部" not in text


def test_organisation_print_and_export_show_the_pages_tables(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    b1 = world.orgs["B1"]
    url = reverse("dashboard:organisation", args=[b1.pk])
    page = leader.get(url, {"year": YEAR}).content.decode()
    assert f"?year={YEAR}&amp;format=print" in page
    assert reverse("dashboard:region", args=[b1.region_id]) in page  # its region in the breadcrumbs

    text = leader.get(url, {"year": YEAR, "format": "print"}).content.decode()
    for shown in ("81.8%", "2025年支部书记业务培训", "本年度尚无该组织的考评结果", "“六有一提升”复核", "组织生活类型"):
        assert shown in text

    response = leader.get(url, {"year": YEAR, "format": "xlsx"})
    rows, book = _sheet_rows(response)
    assert len(book.worksheets) == 7
    figures = {r[0]: r[1] for r in rows if r and r[0]}
    assert figures["组织生活（已通过，次）"] == 36
    assert figures["“三会一课”达标率"] == pytest.approx(36 / 44)
    assert figures["“三会一课”应开展（项次）"] == 44
    training = [r for r in book.worksheets[4].iter_rows(values_only=True) if r and r[0] == "2025年支部书记业务培训"]
    assert len(training) == 3  # the three who attended


def test_a_district_gets_404_out_of_region_in_every_format(client, cast, world, no_cache):
    district = client_for(client, cast, "district")
    hj = f.region("邗江区")
    for fmt in ("", "print", "xlsx"):
        assert district.get(reverse("dashboard:region", args=[hj.pk]), {"format": fmt}).status_code == 404
        assert (
            district.get(reverse("dashboard:organisation", args=[world.orgs["H1"].pk]), {"format": fmt}).status_code
            == 404
        )
    assert not AuditEvent.objects.filter(object_type="dashboard").exists()
    own = district.get(reverse("dashboard:region", args=[f.region("广陵区").pk]), {"format": "xlsx"})
    assert own.status_code == 200


def test_print_and_export_take_a_fixed_number_of_queries(client, cast, world, no_cache, django_assert_num_queries):
    client_for(client, cast, "district")
    region_url = reverse("dashboard:region", args=[f.region("广陵区").pk])
    org_url = reverse("dashboard:organisation", args=[world.orgs["C1"].pk])

    def run():
        with django_assert_num_queries(REGION_PRINT_QUERIES):
            client.get(region_url, {"year": YEAR, "format": "print"})
        with django_assert_num_queries(REGION_XLSX_QUERIES):
            client.get(region_url, {"year": YEAR, "format": "xlsx"})
        with django_assert_num_queries(ORGANISATION_PRINT_QUERIES):
            client.get(org_url, {"year": YEAR, "format": "print"})
        with django_assert_num_queries(ORGANISATION_XLSX_QUERIES):
            client.get(org_url, {"year": YEAR, "format": "xlsx"})

    run()
    _more_branches(world, 60)
    run()
    assert Organisation.objects.filter(name__startswith="分页").count() == 60


def test_one_search_box_and_one_pager_serve_both_brands_region_pages(client, cast, world, no_cache):
    """The head's search box (Drill.search) and the shared pager keep the page's query."""
    _more_branches(world, 55)
    for i in range(55):
        f.TeamFactory(name=f"分页{i:02d}志愿服务队", region=cast.team.region)
    leader = client_for(client, cast, "leader")
    for url, hint in (
        (reverse("dashboard:region", args=[f.region("广陵区").pk]), "如：夕阳红"),
        (reverse("dashboard:afterglow_region", args=[cast.team.region_id]), "如：银龄"),
    ):
        html = leader.get(url, {"year": YEAR, "q": "分页"}).content.decode()
        assert html.count('role="search"') == 1 and f'placeholder="{hint}"' in html and 'value="分页"' in html
        assert f"?year={YEAR}&amp;q=%E5%88%86%E9%A1%B5&amp;page=2" in html and "第 1 / 2 页" in html
        second = leader.get(url, {"year": YEAR, "q": "分页", "page": 2}).content.decode()
        assert "上一页" in second and "page=1" in second and "下一页" not in second


def test_trainees_names_are_masked_on_the_page_print_and_workbook(client, cast, world, no_cache):
    """The trainees are cadres: a leader (no right to personal data) reads 王*记, never 王书记."""
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:organisation", args=[world.orgs["B1"].pk])
    for fmt in ("", "print"):
        text = leader.get(url, {"year": YEAR, "format": fmt}).content.decode()
        assert "王*记" in text and "王书记" not in text
    rows, _ = _sheet_rows(leader.get(url, {"year": YEAR, "format": "xlsx"}), 4)
    trainees = {r[2] for r in rows if r and r[0] == "2025年支部书记业务培训"}
    assert "王*记" in trainees and "王书记" not in trainees


def test_an_unknown_format_is_a_404_and_exports_nothing(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:region", args=[f.region("广陵区").pk])
    for fmt in ("csv", "XLSX", "pdf"):
        assert leader.get(url, {"year": YEAR, "format": fmt}).status_code == 404
    assert not AuditEvent.objects.filter(object_type="dashboard").exists()


def test_breadcrumbs_lead_to_the_overview_then_the_brands_tab(client, cast, world, no_cache):
    district = client_for(client, cast, "district")
    gl = f.region("广陵区")
    html = district.get(reverse("dashboard:region", args=[gl.pk]), {"year": YEAR}).content.decode()
    crumbs = html.split('aria-label="位置">', 1)[1].split("</nav>", 1)[0]
    index = reverse("dashboard:index")
    assert f'href="{index}?year={YEAR}&amp;region={gl.pk}">数据看板</a>' in crumbs
    assert f'href="{index}?year={YEAR}&amp;brand=vanguard&amp;region={gl.pk}">银发先锋</a>' in crumbs


REGION_PAGES = (
    "region",
    "afterglow_region",
    "afterglow_orders_region",
    "afterglow_insights_region",
    "sunset_region",
    "education_region",
    "loyal_region",
)


def test_every_brands_region_page_is_a_404_without_a_region(client, cast, world, no_cache):
    """One rule (``Frame.region``) for every page routed by region: none (0) or unknown is a 404."""
    leader = client_for(client, cast, "leader")
    for name in REGION_PAGES:
        for region_id in (0, 999999):
            assert leader.get(reverse(f"dashboard:{name}", args=[region_id])).status_code == 404, name


def test_the_workbooks_name_says_brand_page_year_and_region(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    gl = f.region("广陵区")
    response = leader.get(
        reverse("dashboard:organisation", args=[world.orgs["B1"].pk]), {"year": YEAR, "format": "xlsx"}
    )
    name = quote(f"数据看板-银发先锋-{world.orgs['B1'].name}-{YEAR}年-{gl.name}-", safe="")
    assert name in response["Content-Disposition"]


def test_a_units_crumb_names_its_region_page_as_that_page_is_titled(client, cast, world, no_cache):
    leader = client_for(client, cast, "leader")
    b1 = world.orgs["B1"]
    for unit_url, region_url in (
        (reverse("dashboard:organisation", args=[b1.pk]), reverse("dashboard:region", args=[b1.region_id])),
        (
            reverse("dashboard:afterglow_team", args=[cast.team.pk]),
            reverse("dashboard:afterglow_region", args=[cast.team.region_id]),
        ),
    ):
        title = leader.get(region_url, {"year": YEAR}).context["drill"].title
        html = leader.get(unit_url, {"year": YEAR}).content.decode()
        assert f'<a href="{region_url}?year={YEAR}">{title}</a>' in html


TAB_REGION_PAGES = {
    "vanguard": "region",
    "afterglow": "afterglow_region",
    "afterglow_orders": "afterglow_orders_region",
    "afterglow_insights": "afterglow_insights_region",
    "sunset": "sunset_region",
    "sunset_education": "education_region",
    "loyal": "loyal_region",
}


def test_each_tabs_region_rows_link_on_screen_but_not_on_paper(client, cast, world, no_cache):
    from apps.care.models import CareProfile
    from tests.workforce import factories as wf

    leader = client_for(client, cast, "leader")
    gl = f.region("广陵区")
    # 三有一落实 lists the regions with 离休 cadres, 丹心向党 those with staff.
    CareProfile.objects.create(person=f.PersonFactory(region=gl, retirement_type="lixiu"))
    wf.StaffFactory(region=gl)
    for brand, page in TAB_REGION_PAGES.items():
        link = f'href="{reverse(f"dashboard:{page}", args=[gl.pk])}?year={YEAR}"'
        shown = leader.get(reverse("dashboard:index"), {"year": YEAR, "brand": brand}).content.decode()
        printed = leader.get(reverse("dashboard:print"), {"year": YEAR, "brand": brand}).content.decode()
        assert link in shown, brand
        assert link not in printed and "打印" in printed, brand
