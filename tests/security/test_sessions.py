"""Sessions: a new key at sign-in; 30 minutes idle, 8 hours absolute; sign-out, password
change and deactivation end every session of the user."""

import time

import pytest
from django.conf import settings

from apps.accounts import security
from apps.accounts.services import user_set_active
from apps.audit.choices import AuditAction
from tests.security.conftest import login_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["database", "cache"])
def session_store(request, settings):
    """Every rule holds for sessions read from the database, and for those a deployment
    with Redis reads from the cache first (Django's ``cached_db``, on whatever the default
    cache is: Redis with ``REDIS_URL``, else the local-memory cache)."""
    if request.param == "cache":
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    else:
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    return request.param


def _shift(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[getattr(security, key)] = now - ago
    session.save()


def test_the_session_limits_are_thirty_minutes_idle_and_eight_hours_absolute():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_IDLE_TIMEOUT == 1800
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


def test_signing_in_issues_a_new_session_key(client, cast):
    session = client.session
    session["before"] = "x"
    session.save()
    before = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == before
    assert login_form(client, "staff").status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.session[security.EPOCH_KEY] == cast.staff.session_epoch


def test_an_idle_session_ends_after_thirty_minutes(client, cast, events):
    client.force_login(cast.staff)
    _shift(client, SEEN_KEY=1801)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    ended = events(AuditAction.SESSION_ENDED)
    assert len(ended) == 1 and "超时" in ended[0].detail


def test_activity_within_thirty_minutes_keeps_the_session_and_refreshes_it(client, cast):
    client.force_login(cast.staff)
    _shift(client, SEEN_KEY=1700)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[security.SEEN_KEY] < 5


def test_a_session_ends_eight_hours_after_sign_in_however_active(client, cast):
    client.force_login(cast.staff)
    _shift(client, AUTH_AT_KEY=8 * 3600 + 1, SEEN_KEY=10)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_every_session_of_the_user(client, client_factory, cast, events):
    phone, desk = client_factory(), client
    phone.force_login(cast.secretary)
    desk.force_login(cast.secretary)
    assert phone.get("/").status_code == 200
    assert desk.post("/accounts/logout/").status_code == 302
    assert phone.get("/")["Location"].startswith("/accounts/login/")
    assert len(events(AuditAction.LOGOUT)) == 1


def test_signing_out_of_the_back_office_ends_every_session_too(client, client_factory, cast):
    other = client_factory()
    other.force_login(cast.staff)
    client.force_login(cast.staff)
    client.post("/admin/logout/")
    assert other.get("/admin/").status_code == 302


def test_deactivation_ends_every_session_at_once(client, cast):
    client.force_login(cast.district)
    assert client.get("/").status_code == 200
    user_set_active(user=cast.district, is_active=False, actor=cast.sysadmin)
    assert client.get("/").status_code == 302
    cast.district.refresh_from_db()
    assert cast.district.session_epoch == 1


def test_deactivation_through_the_admin_ends_sessions(client, client_factory, cast):
    victim = client_factory()
    victim.force_login(cast.district)
    client.force_login(cast.sysadmin)
    url = f"/admin/accounts/user/{cast.district.pk}/change/"
    data = {
        "username": "district",
        "full_name": "district",
        "mobile": "",
        "email": "",
        "person": "",
        "role": "district_staff",
        "scope_region": cast.district.scope_region_id,
        "scope_organisation": "",
        "scope_team": "",
        "must_change_password": "",
        # is_active unticked
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cast.district.refresh_from_db()
    assert not cast.district.is_active
    assert victim.get("/").status_code == 302


def test_a_session_from_before_the_epoch_was_stamped_is_refused(client, cast):
    client.force_login(cast.staff)
    session = client.session
    del session[security.EPOCH_KEY]
    session.save()
    assert client.get("/").status_code == 302


def test_a_deactivation_ends_sessions_even_when_the_cache_misses_the_write(client, cast, monkeypatch):
    """The signed-in user is read from the database at every request: no cached copy of
    the user can outlive a write that Redis did not take (a blip, a full Redis)."""
    from django.core.cache import caches

    client.force_login(cast.district)
    assert client.get("/").status_code == 200
    cache = caches["default"]
    for name in ("set", "set_many", "add", "delete", "delete_many"):
        monkeypatch.setattr(cache, name, lambda *args, **kwargs: None)  # every write lost

    user_set_active(user=cast.district, is_active=False, actor=cast.sysadmin)

    assert client.get("/").status_code == 302
