"""The dashboard pages: figures shown, scope, fixed query count, export, print view."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from apps.party.models import ActivityLog, Organisation
from tests import factories as f
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR, person

pytestmark = pytest.mark.django_db


def get(client, cast, role, name, *args, **params):
    """A dashboard page; the index, print view and export on 银发先锋's tab unless asked."""
    if name in ("dashboard:index", "dashboard:print", "dashboard:export"):
        params.setdefault("brand", "vanguard")
    return client_for(client, cast, role).get(reverse(name, args=args), params)


def kpis(response):
    return {fig["key"]: fig["value"] for fig in response.context["data"]["figures"]}


def test_leadership_sees_the_city_figures(client, cast, world, no_cache):
    response = get(client, cast, "leader", "dashboard:index", year=YEAR)
    assert response.status_code == 200
    assert kpis(response)["organisations"] == 6
    assert kpis(response)["activities"] == 40
    html = response.content.decode()
    assert "老干部工作数据看板" in html
    assert "2025年 · 全市" in html
    assert 'data-chart="compliance"' in html and "echarts.min.js" in html


def test_district_staff_see_only_their_region(client, cast, world, no_cache):
    response = get(client, cast, "district", "dashboard:index", year=YEAR)
    assert response.status_code == 200
    assert response.context["filters"].region.name == "广陵区"
    assert kpis(response)["organisations"] == 4
    assert kpis(response)["members"] == 5
    assert kpis(response)["activities"] == 37
    assert "邗江区" not in [r["name"] for r in response.context["data"]["regions"]]


def test_district_staff_cannot_force_another_region(client, cast, world, no_cache):
    hj = f.region("邗江区")
    assert get(client, cast, "district", "dashboard:index", year=YEAR, region=hj.pk).status_code == 404
    assert get(client, cast, "district", "dashboard:export", region=hj.pk).status_code == 404
    assert get(client, cast, "district", "dashboard:print", region=hj.pk).status_code == 404
    assert get(client, cast, "district", "dashboard:region", hj.pk).status_code == 404
    assert get(client, cast, "district", "dashboard:organisation", world.orgs["H1"].pk).status_code == 404


def test_leadership_may_pick_a_region(client, cast, world, no_cache):
    hj = f.region("邗江区")
    response = get(client, cast, "leader", "dashboard:index", year=YEAR, region=hj.pk)
    assert kpis(response)["organisations"] == 2
    assert get(client, cast, "leader", "dashboard:index", region=999).status_code == 404


def test_secretary_and_admins_are_refused(client, cast, world):
    for role in ("secretary", "team_leader", "sysadmin", "security", "auditor"):
        client.logout()
        assert get(client, cast, role, "dashboard:index").status_code == 403


def test_out_of_range_year_falls_back_to_this_year(client, cast, world, no_cache):
    from django.utils import timezone

    response = get(client, cast, "leader", "dashboard:index", year="1999")
    assert response.context["filters"].year == timezone.localdate().year


def _grow(world, branches=30, logs_each=20):
    """Many more branches, members and logs: the query count must not move."""
    gl = f.region("广陵区")
    for i in range(branches):
        org = f.OrganisationFactory(name=f"扩容党支部{i}", region=gl, parent=world.orgs["C1"])
        f.MembershipFactory(person=person(), organisation=org)
        ActivityLog.objects.bulk_create(
            [
                ActivityLog(
                    organisation=org,
                    activity_type="theme_day",
                    held_on=f"{YEAR}-{1 + j % 12:02d}-11",
                    theme="扩容",
                    status="approved",
                )
                for j in range(logs_each)
            ]
        )


# Session + user, then: the regions, their figures (one pass per table grouped by region), activity months, compliance
# (branches, rules, the counted months: apps.party.compliance), last year's approved logs
# of the month up to the same day (same-period comparison), the published assessment
# results and the region list of the filter form. One brand per page (its tab): the other
# brands' sections pin their own counts.
CITY_QUERIES = 11


def test_query_count_is_fixed_whatever_the_size(client, cast, world, no_cache, django_assert_num_queries):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    with django_assert_num_queries(CITY_QUERIES):
        small = client.get(url, {"year": YEAR, "brand": "vanguard"})
    _grow(world)
    with django_assert_num_queries(CITY_QUERIES):
        large = client.get(url, {"year": YEAR, "brand": "vanguard"})
    assert kpis(large)["organisations"] == kpis(small)["organisations"] + 30
    assert kpis(large)["activities"] == kpis(small)["activities"] + 30 * 20


# Session, user, the organisation, its subtree's figures, types, latest logs, training,
# reviews, compliance (three), its assessment result and the user's right to personal data
# (two: the trainees' names; asked whether or not there are any).
ORGANISATION_QUERIES = 14


def test_region_and_organisation_pages_have_fixed_query_counts(
    client, cast, world, no_cache, django_assert_num_queries
):
    client_for(client, cast, "district")
    gl = f.region("广陵区")
    region_url = reverse("dashboard:region", args=[gl.pk])
    org_url = reverse("dashboard:organisation", args=[world.orgs["C1"].pk])
    with django_assert_num_queries(7) as small_region:
        client.get(region_url, {"year": YEAR, "brand": "vanguard"})
    with django_assert_num_queries(ORGANISATION_QUERIES):
        client.get(org_url, {"year": YEAR, "brand": "vanguard"})
    _grow(world)
    with django_assert_num_queries(len(small_region)):
        client.get(region_url, {"year": YEAR, "brand": "vanguard"})
    with django_assert_num_queries(ORGANISATION_QUERIES):
        client.get(org_url, {"year": YEAR, "brand": "vanguard"})


def test_region_page_lists_organisations_with_their_figures(client, cast, world, no_cache):
    gl = f.region("广陵区")
    response = get(client, cast, "staff", "dashboard:region", gl.pk, year=YEAR)
    assert response.status_code == 200
    rows = {r["name"]: r for r in response.context["rows"]}
    assert rows["东关街道“银铃”党支部"]["activities"] == 36
    assert rows["东关街道“银铃”党支部"]["compliance"] == 36 / 44
    html = response.content.decode()
    assert reverse("dashboard:organisation", args=[world.orgs["B1"].pk]) in html
    searched = get(client, cast, "staff", "dashboard:region", gl.pk, year=YEAR, q="没有这个")
    assert "没有名称包含" in searched.content.decode()


def test_a_committee_reads_the_same_compliance_in_the_region_page_as_on_its_own_page(client, cast, world, no_cache):
    """Issue 14 item 7: a 党委 shows its branches' 三会一课 rate in the drill-down, not "—"."""
    gl, c1 = f.region("广陵区"), world.orgs["C1"]
    region = get(client, cast, "staff", "dashboard:region", gl.pk, year=YEAR)
    rows = {r["id"]: r for r in region.context["rows"]}
    own = get(client, cast, "staff", "dashboard:organisation", c1.pk, year=YEAR).context["f"]["compliance"]["rate"]
    assert own is not None
    assert rows[c1.pk]["compliance"] == own
    shown = f"{own * 100:.1f}%"
    row_html = region.content.decode().split("广陵区离退休干部党委", 1)[1].split("</tr>", 1)[0]
    assert shown in row_html


def test_organisation_page_shows_logs_compliance_training(client, cast, world, no_cache):
    response = get(client, cast, "leader", "dashboard:organisation", world.orgs["B1"].pk, year=YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "81.8%" in html  # 36 of 44 slots met
    assert "2025年支部书记业务培训" in html
    assert "本年度尚无该组织的考评结果" in html


def test_export_is_a_workbook_with_every_table(client, cast, world, no_cache):
    response = get(client, cast, "leader", "dashboard:export", year=YEAR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert wb.sheetnames[:5] == [
        "主要指标",
        "分区域情况",
        "组织生活月度趋势（已审核通过）",
        "组织生活类型构成",
        "“三会一课”达标情况（按月）",
    ]
    rows = list(wb["主要指标"].iter_rows(values_only=True))
    by_label = {r[0]: r[1:] for r in rows if r and r[0]}
    assert by_label["党组织"] == (6, 5, 1)
    assert by_label["组织生活（已审核通过）"] == (40, 4, 36)
    regions = {r[0]: r for r in wb["分区域情况"].iter_rows(values_only=True) if r and r[0]}
    assert regions["广陵区"][1:4] == (4, 3, 5)


def test_export_escapes_formulae_in_names(client, cast, world, no_cache):
    Organisation.objects.filter(pk=world.orgs["B1"].pk).update(name="=HYPERLINK(1)")
    response = get(client, cast, "district", "dashboard:export", year=YEAR)
    wb = load_workbook(io.BytesIO(response.content))
    names = [r[0] for r in wb["“三会一课”达标情况（按月）"].iter_rows(values_only=True) if r]
    assert "'=HYPERLINK(1)" in names


def test_print_view_carries_date_and_filters(client, cast, world, no_cache):
    response = get(client, cast, "leader", "dashboard:print", year=YEAR, region=f.region("广陵区").pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "年度：<strong>2025年</strong>" in html
    assert "区域：<strong>广陵区</strong>" in html
    assert "打印时间：" in html
    css = (settings.BASE_DIR / "static" / "dashboard" / "dashboard.css").read_text(encoding="utf-8")
    assert "@page { size: A4" in css and "@media print" in css
