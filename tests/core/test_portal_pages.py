"""The portal front's own pages: login, home with real figures, and the error pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from apps.accounts.choices import Role
from cadre_portal import urls as portal_urls
from tests import factories as f
from tests.conftest import PASSWORD


# ---------------------------------------------------------------------------
# Login
# ---------------------------------------------------------------------------
def test_the_login_page_names_the_site_and_the_bureau(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "扬州市老干部工作信息平台" in html
    assert "中共扬州市委老干部局" in html
    assert "用户登录" in html


def test_a_wrong_password_is_refused_in_plain_chinese(client, cast):
    response = client.post("/accounts/login/", {"username": "secretary", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确，请重新输入（注意区分大小写）。" in response.content.decode()


def test_an_empty_form_asks_for_both_fields(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "请填写用户名和密码。" in response.content.decode()


def test_a_secretary_signs_in_and_lands_on_home(client, cast):
    response = client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


# ---------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------
def test_home_shows_the_secretarys_own_branch_only(client, cast, django_assert_num_queries):
    f.MembershipFactory(organisation=cast.branch)
    f.MembershipFactory(organisation=cast.branch)
    f.MembershipFactory(organisation=cast.other_branch)
    client.force_login(cast.secretary)
    # Session and user, then one query per figure group, except the volunteer figures:
    # a secretary has no team, so that queryset is empty without asking the database.
    with django_assert_num_queries(8):
        response = client.get("/")
    brands = {b["key"]: dict(b["figures"]) for b in response.context["brands"]}
    assert brands["vanguard"]["党组织"] == 1
    assert brands["vanguard"]["在册党员"] == 2
    html = response.content.decode()
    for name in ["银发先锋", "绿扬霞光", "牵手夕阳", "丹心向党"]:
        assert name in html


def test_staff_see_the_whole_city_and_a_back_office_link(client, cast):
    f.MembershipFactory(organisation=cast.branch)
    f.MembershipFactory(organisation=cast.other_branch)
    client.force_login(cast.staff)
    response = client.get("/")
    brands = {b["key"]: dict(b["figures"]) for b in response.context["brands"]}
    assert brands["vanguard"]["在册党员"] == 2
    assert brands["afterglow"]["志愿服务团队"] == 2
    assert 'href="/admin/"' in response.content.decode()


def test_a_secretary_gets_no_back_office_link(client, cast):
    client.force_login(cast.secretary)
    assert 'href="/admin/"' not in client.get("/").content.decode()


# ---------------------------------------------------------------------------
# Error pages: Chinese, no traceback
# ---------------------------------------------------------------------------
def _boom(request):
    raise RuntimeError("secret internals")


def _denied(request):
    raise PermissionDenied("internal reason")


urlpatterns = [path("boom/", _boom), path("denied/", _denied), *portal_urls.urlpatterns]


def test_a_missing_page_is_a_chinese_404(client, cast):
    client.force_login(cast.secretary)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html
    assert "Traceback" not in html


@pytest.mark.urls(__name__)
def test_a_refused_page_is_a_chinese_403(client, cast):
    client.force_login(cast.secretary)
    response = client.get("/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "您没有权限访问此页面" in html
    assert "internal reason" not in html


def test_the_500_page_needs_no_context_at_all():
    html = render_to_string("500.html")
    assert "系统暂时出了点问题" in html
    assert "{%" not in html


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_chinese_500_without_internals(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出了点问题" in html
    assert "secret internals" not in html
    assert "Traceback" not in html


def test_a_csrf_failure_is_explained_in_chinese(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期，请重新提交" in response.content.decode()


def test_roles_are_chinese_in_the_header(client, cast):
    client.force_login(cast.secretary)
    assert Role.SECRETARY.label in client.get("/").content.decode()
