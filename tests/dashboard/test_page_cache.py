"""Whole pages kept per user and URL (apps.core.pages): served without rendering, with a
fresh CSRF token each time, never with someone else's header or a stale figure, and never
kept while flash messages wait."""

import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from apps.core import pages
from apps.party.models import ActivityLog
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def activities(response) -> int:
    found = re.search(r'data-key="activities">.*?class="kpi-value">(\d+)<', response.content.decode(), re.S)
    return int(found.group(1))


def test_a_repeat_visit_is_served_without_rendering(client, cast, world, page_cache, django_assert_num_queries):
    client_for(client, cast, "leader")
    url = reverse("dashboard:index") + f"?year={YEAR}"
    first = client.get(url)
    # The session and the user only (the test settings read both from the database).
    with django_assert_num_queries(2):
        second = client.get(url)
    assert second.status_code == 200 and second.templates == []  # nothing rendered
    strip = re.compile(r'value="[^"]+" name="csrfmiddlewaretoken"|name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first.content.decode()) == strip.sub("", second.content.decode())
    assert pages.CSRF_PLACEHOLDER not in second.content.decode()


def test_the_csrf_token_of_a_kept_page_is_fresh_and_valid(cast, world, page_cache):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader)
    url = reverse("dashboard:index")
    tokens = {token(client.get(url)) for _ in range(3)}
    assert len(tokens) == 3  # masked afresh for each response
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302


def test_each_user_gets_their_own_page(client, cast, world, page_cache):
    url = reverse("dashboard:index")
    client_for(client, cast, "leader")
    assert "leader" in client.get(url).content.decode()
    client.force_login(cast.staff)
    html = client.get(url).content.decode()
    assert '<p class="site-user">staff' in html and '<p class="site-user">leader' not in html


def test_a_change_to_the_user_or_the_figures_retires_the_page(client, cast, world, page_cache):
    url = reverse("dashboard:index") + f"?year={YEAR}"
    client_for(client, cast, "leader")
    assert activities(client.get(url)) == 40
    ActivityLog.objects.create(
        organisation=world.orgs["H1"], activity_type="lecture", held_on=f"{YEAR}-11-01", theme="党课", status="approved"
    )
    assert activities(client.get(url)) == 41
    cast.leader.full_name = "王局长"
    cast.leader.save()
    assert "王局长" in client.get(url).content.decode()


def test_a_request_with_messages_waiting_is_rendered_and_not_kept(cast, page_cache, monkeypatch):
    def not_the_cache(*args, **kwargs):
        raise AssertionError("a page with messages went through the cache")

    monkeypatch.setattr(pages.generations, "cached", not_the_cache)
    request = RequestFactory().get("/dashboard/")
    request.user = cast.leader
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(20, "已保存。")

    def context():
        return {}

    response = pages.render_cached(request, "base.html", context, generations_=[])
    assert "已保存。" in response.content.decode()
    list(get_messages(request))  # consumed


def test_off_when_the_setting_is_zero(client, cast, world, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client_for(client, cast, "leader")
    client.get(reverse("dashboard:index"))
    assert client.get(reverse("dashboard:index")).templates  # rendered again


def test_the_secretary_home_shows_a_new_notice_and_a_new_log_at_once(client, cast, page_cache):
    from apps.core.models import Notice
    from tests import factories as f

    client_for(client, cast, "secretary")
    url = reverse("workspace:home")
    client.get(url)
    assert client.get(url).templates == []  # kept
    Notice.objects.create(user=cast.secretary, title="请于本月25日前填报主题党日", body="提醒")
    assert "请于本月25日前填报主题党日" in client.get(url).content.decode()
    f.ActivityLogFactory(organisation=cast.branch, status="returned", theme="退回待改的一次党课")
    assert "退回待改的一次党课" in client.get(url).content.decode()


def test_off_with_the_dashboard_cache(client, cast, world, page_cache, settings):
    """Turning the figures' cache off shows live figures: the page is not kept either."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    client_for(client, cast, "leader")
    client.get(reverse("dashboard:index"))
    assert client.get(reverse("dashboard:index")).templates
