"""The signed-in user on each request: one query with the scope objects most pages read,
and handed to the views as the user itself, not through lazy wrappers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import LazyObject

from apps.accounts.backends import ScopedModelBackend

pytestmark = pytest.mark.django_db


def test_a_secretary_comes_with_their_organisation_in_one_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ScopedModelBackend().get_user(cast.secretary.pk)
        assert user.scope_organisation.path == cast.branch.path


def test_district_staff_come_with_their_region_in_one_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ScopedModelBackend().get_user(cast.district.pk)
        assert user.scope_region.name == cast.district.scope_region.name


def test_a_team_leaders_team_is_read_only_when_a_page_asks_for_it(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ScopedModelBackend().get_user(cast.team_leader.pk)
        assert user.scope_team_id == cast.team.pk
    with django_assert_num_queries(1):
        assert user.scope_team.name == cast.team.name


def test_an_inactive_or_missing_user_is_nobody(cast):
    cast.secretary.is_active = False
    cast.secretary.save(update_fields=["is_active"])
    assert ScopedModelBackend().get_user(cast.secretary.pk) is None
    assert ScopedModelBackend().get_user(10**9) is None


def test_views_get_the_user_itself_not_a_lazy_wrapper(client, cast):
    # django-otp wraps the authentication middleware's lazy user in one of its own: the
    # session check unwraps both, so each of the page's reads of request.user is direct.
    client.force_login(cast.staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert not isinstance(user, LazyObject)
    assert type(user) is get_user_model()
    assert user.pk == cast.staff.pk
    assert user.is_verified() is False  # django-otp's fields are on the user itself
