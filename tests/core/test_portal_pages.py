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


def test_a_secretary_signs_in_and_lands_on_the_workspace(client, cast):
    response = client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"


def test_other_roles_still_land_on_home_and_next_still_wins(client, cast):
    response = client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    assert response["Location"] == "/"
    client.logout()
    response = client.post("/accounts/login/?next=/assessment/", {"username": "secretary", "password": PASSWORD})
    assert response["Location"] == "/assessment/"


def test_the_leader_signs_in_and_lands_on_the_dashboard(client, cast):
    response = client.post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


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


def test_home_counts_name_their_year_and_match_the_workspace(client, cast):
    import datetime

    from django.utils import timezone

    year = timezone.localdate().year
    for held_on in (datetime.date(year, 1, 10), datetime.date(year, 2, 10), datetime.date(year - 1, 5, 1)):
        f.ActivityLogFactory(organisation=cast.branch, held_on=held_on, status="approved")
    client.force_login(cast.secretary)
    brands = {b["key"]: dict(b["figures"]) for b in client.get("/").context["brands"]}
    assert brands["vanguard"][f"{year}年已通过组织生活"] == 2
    workspace = client.get("/workspace/").content.decode()
    assert f"本支部{year}年情况" in workspace
    assert "<dt>组织生活（已通过）</dt><dd>2</dd>" in workspace


def test_brand_cards_are_links(client, cast):
    client.force_login(cast.staff)
    html = client.get("/").content.decode()
    for key in ["vanguard", "afterglow", "sunset", "loyal"]:
        assert f'<a class="brand-card brand-{key}" href="' in html
    client.force_login(cast.secretary)
    html = client.get("/").content.decode()
    assert '<a class="brand-card brand-vanguard" href="/workspace/"' in html


def test_a_leaders_cards_lead_to_each_brands_dashboard_tab(client, cast):
    """局领导 reads: every brand card opens that brand's tab of the dashboard; staff keep
    the back office for the brands whose records they keep there."""
    client.force_login(cast.leader)
    html = client.get("/").content.decode()
    for key in ["vanguard", "afterglow", "sunset", "sunset_education", "loyal"]:
        assert f'<a class="brand-card brand-{key}" href="/dashboard/?brand={key}"' in html
        assert client.get(f"/dashboard/?brand={key}").context["chosen"]["title"] != "总览", key
    client.force_login(cast.staff)
    html = client.get("/").content.decode()
    assert '<a class="brand-card brand-vanguard" href="/dashboard/?brand=vanguard"' in html
    assert '<a class="brand-card brand-afterglow" href="/admin/volunteers/"' in html


def test_home_figures_say_the_day_and_name_their_term_and_span(client, cast):
    import datetime

    from django.utils import timezone

    from apps.education.models import Term

    today = timezone.localdate()
    now = timezone.now()
    Term.objects.create(
        name="测试秋季学期",
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=120),
        returning_opens_at=now,
        returning_closes_at=now,
        new_opens_at=now,
        new_closes_at=now,
        status="open",
    )
    client.force_login(cast.staff)
    response = client.get("/")
    assert f"各项数字截至{today.year}年{today.month}月{today.day}日" in response.content.decode()
    brands = {b["key"]: dict(b["figures"]) for b in response.context["brands"]}
    assert set(brands["sunset_education"]) == {"办学点", "测试秋季学期在读", "测试秋季学期候补"}
    assert set(brands["loyal"]) == {"累计整改事项", "未销号整改"}


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
