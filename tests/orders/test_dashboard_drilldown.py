"""四单服务's dashboard drill-down (issue 19): the tab's region table links to a region's
orders by serving team, each team to its page in that region; the rows add up to the
tab's region row (the same selector); a fixed number of queries whatever the number of
teams; print view and Excel export; a district reads only its own region."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.figures import Filters
from apps.orders import dashboard, services
from apps.orders.choices import OrderStatus
from apps.orders.models import ServiceCategory
from tests import factories as f
from tests.conftest import client_for
from tests.orders.test_dashboard import _order

pytestmark = pytest.mark.django_db
# Session, user, the region, the region's orders by team, their steps by team, the teams.
REGION_QUERIES = 6
# Session, user, the region, the team (with its link to the region), the team's orders by
# month, its steps by month, its latest orders.
TEAM_QUERIES = 7


def _year():
    return timezone.localdate().year


def _placed(cast, region, **dispatch):
    """An order of ``region``, dispatched by the system to a team or provider."""
    order = services.order_create(
        user=None,
        category=ServiceCategory.objects.get(name="家政清洁"),
        region=region,
        address="文昌社区8幢",
        content="助浴",
        wanted_by=timezone.localdate() + datetime.timedelta(days=14),
        requester_name="李秀英",
    )
    return services.order_dispatch(user=None, order=order, **dispatch)


@pytest.fixture
def world(cast):
    region = cast.team.region
    for to in ("submitted", "dispatched", "handed_back", "refused"):
        _order(cast, cast.team, to=to)
    _order(cast, cast.team, to="evaluated", rating=5)
    _order(cast, cast.team, to="evaluated", rating=3)
    _order(cast, cast.other_team, to="evaluated", rating=4)
    # A provider outside the teams, its acceptance recorded by the centre.
    services.order_accept(user=cast.staff, order=_placed(cast, region, provider="康乐家政公司"))
    # 邗江区's team serving one of 广陵区's orders.
    services.order_accept(user=None, order=_placed(cast, region, team=cast.other_team))
    return region


def _rows(page):
    return page.context["drill"].all_tables()[0].rows


def test_the_region_rows_add_up_to_the_tabs_region_row(client, cast, world, settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _year()
    leader = client_for(client, cast, "leader")
    tab = leader.get(reverse("dashboard:index"), {"year": year, "brand": "afterglow_orders"}).content.decode()
    region_url = reverse("dashboard:afterglow_orders_region", args=[world.pk])
    assert f'href="{region_url}?year={year}"' in tab
    with CaptureQueriesContext(connection) as queries:
        page = leader.get(region_url, {"year": year})
    assert len(queries) == REGION_QUERIES
    html = page.content.decode()
    units = dashboard.region_units(region_id=world.pk, year=year)
    names = [u["name"] for u in units]
    assert set(names[:2]) == {cast.team.name, cast.other_team.name}
    assert names[2:] == [dashboard.PROVIDERS, dashboard.NOT_PLACED]
    for team in (cast.team, cast.other_team):
        team_url = reverse("dashboard:afterglow_orders_team", args=[world.pk, team.pk])
        assert f'href="{team_url}?year={year}"' in html
    # The tab's row for the region, from the section's own selector.
    tab_row = next(r for r in dashboard.section_data(Filters(year=year))["regions"] if r["id"] == world.pk)
    for key in ("total", "accepts", "hand_backs", "served", "on_time", "rated", "satisfied", *OrderStatus.values):
        assert sum(u[key] for u in units) == tab_row[key], key
    assert tab_row["total"] == 8
    mine = next(u for u in units if u["id"] == cast.team.pk)
    # Its 3 orders (dispatched, two evaluated); 2 accepts and the hand-back it made.
    assert (mine["total"], mine[OrderStatus.EVALUATED], mine["accepts"], mine["hand_backs"]) == (3, 2, 2, 1)
    provider = next(u for u in units if u["name"] == dashboard.PROVIDERS)
    assert (provider["total"], provider["accepts"]) == (1, 1)
    assert next(u for u in units if u["name"] == dashboard.NOT_PLACED)["total"] == 3
    assert [r[0] for r in _rows(page)] == names
    # More teams, more orders: the same number of queries.
    for i in range(4):
        team = f.TeamFactory(name=f"第{i}助老服务队", region=world)
        services.order_accept(user=None, order=_placed(cast, world, team=team))
    with django_assert_num_queries(REGION_QUERIES):
        assert len(_rows(leader.get(region_url, {"year": year}))) == 8


def test_the_search_box_finds_teams_by_name(client, cast, world):
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:afterglow_orders_region", args=[world.pk])
    page = leader.get(url, {"year": _year(), "q": cast.team.name[:3]})
    assert [r[0] for r in _rows(page)] == [cast.team.name]
    assert 'name="q"' in page.content.decode()
    empty = leader.get(url, {"year": _year(), "q": "不存在的队"}).content.decode()
    assert "没有名称包含“不存在的队”的承接团队" in empty


def test_a_region_without_orders_says_so(client, cast):
    leader = client_for(client, cast, "leader")
    region = f.region("宝应县")
    html = leader.get(reverse("dashboard:afterglow_orders_region", args=[region.pk])).content.decode()
    assert "本区域暂无四单服务承接团队" in html


def test_the_team_page_counts_its_row(client, cast, world, settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _year()
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:afterglow_orders_team", args=[world.pk, cast.team.pk])
    with CaptureQueriesContext(connection) as queries:
        page = leader.get(url, {"year": year})
    assert len(queries) == TEAM_QUERIES
    summary, months, recent = page.context["drill"].all_tables()
    row = next(u for u in dashboard.region_units(region_id=world.pk, year=year) if u["id"] == cast.team.pk)
    assert summary.rows[0][1] == row["total"] == 3 and summary.rows[4][1] == row["acceptance"]
    month = timezone.localdate().month
    assert months.rows[month - 1][1:3] == [3, 2] and sum(r[1] for r in months.rows) == 3
    assert len(recent.rows) == 3
    html = page.content.decode()
    assert "data-table-chart" in html and "王桂英" not in html and "文昌社区" not in html
    assert reverse("dashboard:afterglow_orders_region", args=[world.pk]) in html  # the breadcrumb
    # 邗江区's team has a page in 广陵区 (it served an order there): that order only.
    other = leader.get(reverse("dashboard:afterglow_orders_team", args=[world.pk, cast.other_team.pk]))
    assert other.context["drill"].all_tables()[0].rows[0][1] == 1
    # More orders and teams: the same number of queries.
    for i in range(3):
        services.order_accept(user=None, order=_placed(cast, world, team=cast.team))
        f.TeamFactory(name=f"第{i}助老服务队", region=world)
    with django_assert_num_queries(TEAM_QUERIES):
        assert page.context is not None and leader.get(url, {"year": year}).status_code == 200


def test_a_team_that_never_served_the_region_is_not_found(client, cast, world):
    leader = client_for(client, cast, "leader")
    stranger = f.TeamFactory(name="别处服务队", region=cast.other_team.region)
    assert leader.get(reverse("dashboard:afterglow_orders_team", args=[world.pk, stranger.pk])).status_code == 404


def test_every_team_linked_from_the_region_page_has_its_page(client, cast, world):
    """A row of the region page is a team holding one of its orders, even with no step
    recorded (an order whose team was set by hand): its link opens, it does not 404."""
    from apps.orders.models import ServiceOrder

    holder = f.TeamFactory(name="代管服务队", region=cast.other_team.region)
    order = _placed(cast, world, provider="临时机构")
    ServiceOrder.objects.filter(pk=order.pk).update(team=holder, provider="")
    leader = client_for(client, cast, "leader")
    year = _year()
    page = leader.get(reverse("dashboard:afterglow_orders_region", args=[world.pk]), {"year": year})
    url = reverse("dashboard:afterglow_orders_team", args=[world.pk, holder.pk])
    assert f"{url}?year={year}" in page.content.decode()
    assert leader.get(url, {"year": year}).status_code == 200


def test_a_district_reads_only_its_own_region(client, cast, world):
    district = client_for(client, cast, "district")
    own, other = world.pk, cast.other_team.region_id
    assert district.get(reverse("dashboard:afterglow_orders_region", args=[own])).status_code == 200
    assert district.get(reverse("dashboard:afterglow_orders_team", args=[own, cast.team.pk])).status_code == 200
    assert district.get(reverse("dashboard:afterglow_orders_region", args=[other])).status_code == 404
    for pk in (cast.team.pk, cast.other_team.pk):
        url = reverse("dashboard:afterglow_orders_team", args=[other, pk])
        assert district.get(url).status_code == 404
        assert district.get(url, {"format": "xlsx"}).status_code == 404


def test_both_pages_print_and_export(client, cast, world, settings):
    from apps.audit.models import AuditEvent

    settings.DASHBOARD_CACHE_SECONDS = 0
    year = _year()
    leader = client_for(client, cast, "leader")
    region_url = reverse("dashboard:afterglow_orders_region", args=[world.pk])
    team_url = reverse("dashboard:afterglow_orders_team", args=[world.pk, cast.team.pk])
    html = leader.get(region_url, {"year": year}).content.decode()
    assert f"?year={year}&amp;format=xlsx" in html and f"?year={year}&amp;format=print" in html
    printed = leader.get(region_url, {"year": year, "format": "print"}).content.decode()
    assert cast.team.name in printed and dashboard.PROVIDERS in printed and "打印时间" in printed
    assert team_url not in printed  # no links on paper
    response = leader.get(region_url, {"year": year, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == cast.team.name)
    assert row[1:3] == (3, 2)
    assert AuditEvent.objects.filter(object_type="dashboard", detail__contains="四单服务").exists()
    book = load_workbook(io.BytesIO(leader.get(team_url, {"year": year, "format": "xlsx"}).content))
    assert len(book.worksheets) == 3
    printed = leader.get(team_url, {"year": year, "format": "print"}).content.decode()
    assert "四单服务月度情况" in printed and "王桂英" not in printed


def test_the_brand_crumb_opens_the_shared_tab_at_this_apps_part(client, cast, world, settings):
    """绿扬霞光's tab holds three apps: the crumb's ``?brand=afterglow_orders`` opens it at 四单服务."""
    import re

    settings.DASHBOARD_CACHE_SECONDS = 0
    leader = client_for(client, cast, "leader")
    year = _year()
    html = leader.get(reverse("dashboard:afterglow_orders_team", args=[world.pk, cast.team.pk]), {"year": year})
    crumbs = html.content.decode().split('aria-label="位置">', 1)[1].split("</nav>", 1)[0]
    href = re.findall(r'href="([^"]+)">绿扬霞光 · 四单服务</a>', crumbs)[0].replace("&amp;", "&")
    assert "brand=afterglow_orders" in href
    tab = leader.get(href)
    assert tab.context["chosen"]["key"] == "afterglow" and tab.context["part"]["key"] == "afterglow_orders"
