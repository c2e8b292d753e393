"""The signed-in user read from the cache (a deployment with Redis): no query once warm,
and every write that matters reaches the next request at once."""

import pytest

from apps.accounts.services import user_end_sessions, user_set_password
from apps.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached_auth(settings):
    settings.SESSION_ENGINE = "apps.accounts.sessions"
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


def _cache_reads(monkeypatch):
    """The keys of each read of the default cache (one list per round trip)."""
    from django.core.cache import caches

    cache = caches["default"]
    reads, inside = [], []
    get, get_many = cache.get, cache.get_many

    def one(key, *args, **kwargs):
        if not inside:  # the local-memory cache reads many keys one by one
            reads.append([key])
        return get(key, *args, **kwargs)

    def many(keys, *args, **kwargs):
        reads.append(list(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", one)
    monkeypatch.setattr(cache, "get_many", many)
    return reads


def test_a_warm_page_is_one_cache_read(client, cast, monkeypatch):
    client = _warm(client, cast.secretary)
    client.get("/workspace/")  # the process has now seen which keys the page needs
    reads = _cache_reads(monkeypatch)

    assert client.get("/workspace/").status_code == 200

    assert len(reads) == 1
    keys = reads[0]
    assert any(key.startswith("django.contrib.sessions") for key in keys)
    assert f"accounts:user:{cast.secretary.pk}" in keys
    assert f"workspace:notices:{cast.secretary.pk}" in keys


def test_a_write_reads_nothing_ahead(client, cast, monkeypatch):
    from apps.core.models import Notice

    notice = Notice.objects.create(user=cast.secretary, title="提醒")
    client = _warm(client, cast.secretary)
    reads = _cache_reads(monkeypatch)

    client.post(f"/workspace/notices/{notice.pk}/read/")

    # The session is read on its own, the user after it.
    session_reads = [keys for keys in reads if any(key.startswith("django.contrib.sessions") for key in keys)]
    assert len(session_reads) == 1
    assert len(session_reads[0]) == 1


def test_a_session_read_by_another_process_first_still_finds_its_user(client, cast, monkeypatch):
    from apps.accounts import sessions

    client = _warm(client, cast.secretary)
    monkeypatch.setattr(sessions, "_OWNERS", sessions._Recent())  # a fresh worker
    monkeypatch.setattr(sessions, "_NEEDED", sessions._Recent())

    response = client.get("/workspace/")

    assert response.status_code == 200
    assert response.wsgi_request.user.pk == cast.secretary.pk


def test_what_was_read_ahead_for_one_user_never_serves_another(client, cast, monkeypatch):
    from apps.accounts import sessions

    _warm(client, cast.secretary)
    session_key = client.cookies["sessionid"].value
    # A wrong guess: the process believes the session is the district's.
    sessions._OWNERS.remember(session_key, str(cast.district.pk))

    response = client.get("/workspace/")

    assert response.status_code == 200
    assert response.wsgi_request.user.pk == cast.secretary.pk
