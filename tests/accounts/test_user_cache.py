"""The signed-in user read from the cache (a deployment with Redis): no query once warm,
and every write that matters reaches the next request at once."""

import pytest

from apps.accounts.services import user_end_sessions, user_set_password
from apps.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached_auth(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.USER_CACHE_SECONDS = 300


def _warm(client, user, path="/workspace/"):
    client.force_login(user)
    assert client.get(path).status_code == 200
    return client


def test_a_warm_signed_in_page_runs_no_query(client, cast, django_assert_num_queries):
    client = _warm(client, cast.secretary)

    with django_assert_num_queries(0):
        response = client.get("/workspace/")

    assert response.status_code == 200
    assert response.wsgi_request.user.pk == cast.secretary.pk
    assert response.wsgi_request.user.scope_organisation == cast.branch


def test_the_cache_is_not_used_when_turned_off(client, cast, settings, django_assert_num_queries):
    settings.USER_CACHE_SECONDS = 0
    client = _warm(client, cast.secretary)

    with django_assert_num_queries(1):  # the user; the session comes from the cache
        assert client.get("/workspace/").status_code == 200


def test_ending_the_users_sessions_reaches_a_cached_session(client, cast):
    client = _warm(client, cast.secretary)

    user_end_sessions(user=cast.secretary, reason="测试")

    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_password_reset_reaches_a_cached_session(client, cast):
    client = _warm(client, cast.secretary)

    user_set_password(user=cast.secretary, password="Another-Pass-2026", actor=cast.security)

    assert client.get("/workspace/").status_code == 302


def test_a_new_scope_applies_at_the_next_request(client, cast):
    client = _warm(client, cast.district, "/")
    other = Region.objects.get(name="邗江区")

    cast.district.scope_region = other
    cast.district.save()

    assert client.get("/").wsgi_request.user.scope_region == other


def test_a_renamed_organisation_reaches_a_cached_user(client, cast):
    client = _warm(client, cast.secretary)

    cast.branch.name = "东关社区“常青藤”第一党支部"
    cast.branch.save()

    response = client.get("/workspace/")
    assert response.wsgi_request.user.scope_organisation.name == "东关社区“常青藤”第一党支部"
    assert "东关社区“常青藤”第一党支部" in response.content.decode()


def test_a_change_of_role_applies_at_the_next_request(client, cast):
    from apps.accounts.services import user_set_role

    client = _warm(client, cast.secretary)

    user_set_role(user=cast.secretary, role="leadership", actor=cast.sysadmin)

    assert client.get("/workspace/").status_code == 403
