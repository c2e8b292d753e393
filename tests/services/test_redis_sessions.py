"""Sessions on the real services (CI pass 2): Django's cached_db sessions in Redis through
django-redis, the user from PostgreSQL. Sign-out everywhere, a password change and a
deactivation each end the user's other sessions at their next request."""

from importlib import import_module

import pytest
from django.core.cache import caches
from django.test import Client

from apps.accounts.services import user_set_active, user_set_password

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_sessions(require_services, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    return import_module(settings.SESSION_ENGINE).SessionStore


def _signed_in(client, user):
    client.force_login(user)
    assert client.get("/").status_code == 200
    return client


def test_a_session_is_kept_in_redis(redis_sessions, client, cast, settings):
    _signed_in(client, cast.secretary)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert caches["default"].get(redis_sessions(key).cache_key) is not None


def test_signing_out_ends_every_session_at_once(redis_sessions, client, cast):
    phone = _signed_in(Client(), cast.secretary)
    desk = _signed_in(client, cast.secretary)

    desk.post("/accounts/logout/")

    assert phone.get("/")["Location"].startswith("/accounts/login/")


def test_a_password_change_ends_the_other_sessions_at_once(redis_sessions, client, cast):
    phone = _signed_in(client, cast.district)

    user_set_password(user=cast.district, password="Another-Pass-2026", actor=cast.security)

    assert phone.get("/").status_code == 302


def test_a_deactivation_ends_every_session_at_once(redis_sessions, client, cast):
    phone = _signed_in(client, cast.staff)

    user_set_active(user=cast.staff, is_active=False, actor=cast.sysadmin)

    assert phone.get("/").status_code == 302
