"""The back office's sidebar and start page: groups by brand, items by permission."""

from django.test import RequestFactory

from apps.core.brands import Brand, MenuItem, SidebarGroup, registered
from cadre_portal import unfold_conf
from cadre_portal.unfold_conf import sidebar_navigation
from tests import factories as f


def _groups(user) -> dict:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {g["brand"]: [i["title"] for i in g["items"]] for g in sidebar_navigation(request)}


def test_staff_see_the_brands_in_order_each_with_an_emblem(cast):
    request = RequestFactory().get("/admin/")
    request.user = cast.staff
    groups = sidebar_navigation(request)
    brands = [g["brand"] for g in groups]
    assert brands[:7] == [
        "vanguard",
        "afterglow",
        "afterglow_orders",
        "afterglow_insights",
        "sunset",
        "sunset_education",
        "loyal",
    ]
    assert brands[-1] == "system"
    assert all(g["emblem"] for g in groups)
    titles = [g["title"] for g in groups]
    assert titles[:7] == [
        "银发先锋 · 党建",
        "绿扬霞光 · 志愿服务",
        "绿扬霞光 · 四单服务",
        "绿扬霞光 · 草根内参",
        "牵手夕阳 · 服务保障",
        "牵手夕阳 · 老年教育",
        "丹心向党 · 队伍建设",
    ]
    assert "志愿服务团队" in _groups(cast.staff)["afterglow"]


def test_an_item_shows_only_with_its_view_permission(cast):
    # The system administrator manages users and roles but sees no brand records.
    groups = _groups(cast.sysadmin)
    assert set(groups) == {"system"}
    assert "用户" in groups["system"]
    assert "角色" in groups["system"]


def test_an_item_whose_admin_is_not_registered_is_left_out(cast, monkeypatch):
    missing = MenuItem("尚未注册", "help", "accounts.view_user", url_name="admin:nowhere_model_changelist")
    kit = Brand(
        key="kit",
        title="测试品牌",
        emblem="help",
        sidebar=SidebarGroup(
            items=(missing, MenuItem("用户", "person", "accounts.view_user", url_name="admin:accounts_user_changelist"))
        ),
    )
    empty = Brand(key="empty", title="空品牌", emblem="help", sidebar=SidebarGroup(items=(missing,)))
    monkeypatch.setattr(unfold_conf, "SYSTEM_GROUP", {**unfold_conf.SYSTEM_GROUP, "items": []})
    with registered(kit, empty):
        groups = _groups(cast.sysadmin)
    # The group with nothing left is dropped; the other keeps its registered item.
    assert groups == {"kit": ["用户"]}


def test_the_start_page_shows_the_brands_figures_in_scope(client, cast, django_assert_max_num_queries):
    f.MembershipFactory(organisation=cast.branch)
    f.MembershipFactory(organisation=cast.other_branch)
    f.TeamMemberFactory(team=cast.team)
    client.force_login(cast.district)
    with django_assert_max_num_queries(20):
        response = client.get("/admin/")
    brands = {b["key"]: dict(b["figures"]) for b in response.context["brands"]}
    # 广陵区 only: its branch, its one member, its one team and volunteer.
    assert brands["vanguard"]["党组织"] == 1
    assert brands["vanguard"]["在册党员"] == 1
    assert brands["afterglow"]["志愿服务团队"] == 1
    assert brands["afterglow"]["在队志愿者"] == 1
    html = response.content.decode()
    assert 'class="brand-tile" data-brand="vanguard"' in html
    assert "brand-group" in html
