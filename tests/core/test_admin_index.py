"""The back office's start page names and orders its application list as the sidebar does
(issue 14, item 19): the brands first under the sidebar's titles, then system administration;
Django's 组 is shown as 角色."""

from django.test import RequestFactory

from cadre_portal.unfold_conf import sidebar_navigation
from tests.conftest import client_for


def _index(client, cast, role):
    response = client_for(client, cast, role).get("/admin/")
    assert response.status_code == 200
    return response.context["app_list"]


def test_the_index_names_and_orders_the_brands_as_the_sidebar(client, cast):
    request = RequestFactory().get("/admin/")
    request.user = cast.staff
    sidebar = [g["title"] for g in sidebar_navigation(request) if g["brand"] != "system"]
    names = [app["name"] for app in _index(client, cast, "staff")]
    # A brand with two back-office apps (牵手夕阳 · 服务保障: care and the people registry)
    # shows both under its sidebar title, one after the other.
    names = [name for i, name in enumerate(names) if i == 0 or names[i - 1] != name]
    assert names[: len(sidebar)] == sidebar
    assert all(name.startswith("系统管理") for name in names[len(sidebar) :]), names
    assert "人员库" not in names


def test_roles_are_called_roles_in_the_index(client, cast):
    apps = _index(client, cast, "sysadmin")
    models = {(app["name"], model["name"]) for app in apps for model in app["models"]}
    assert ("系统管理 · 角色", "角色") in models
    assert not any(app["name"] == "认证和授权" for app in apps)
    assert [app["name"] for app in apps][:2] == ["系统管理 · 用户", "系统管理 · 角色"]
