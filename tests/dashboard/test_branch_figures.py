"""The secretary's own-branch partial (included on the workspace home)."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


def render(user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("party/dashboard/_branch_figures.html", {"user": user}, request=request)


def test_a_secretary_sees_their_own_branch(cast, world, settings):
    from django.utils import timezone

    from apps.party.models import ActivityLog

    settings.DASHBOARD_CACHE_SECONDS = 0
    # cast.branch: one approved theme day this year, one awaiting review.
    today = timezone.localdate()
    for status in ("approved", "submitted"):
        ActivityLog.objects.create(
            organisation=cast.branch,
            activity_type="theme_day",
            held_on=today.replace(day=1),
            theme="主题党日",
            status=status,
        )
    html = render(cast.secretary)
    assert f"本支部{today.year}年情况" in html
    assert "<dt>组织生活（已通过）</dt><dd>1</dd>" in html
    assert "<dt>待审核</dt><dd>1</dd>" in html
    assert "主题党日 1 次" in html


def test_nobody_else_gets_the_partial(cast, world):
    for role in ("leader", "district", "team_leader"):
        assert "本支部" not in render(getattr(cast, role))


def test_the_partial_is_served_from_the_cache(cast, world, settings, django_assert_num_queries):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    user = cast.secretary
    render(user)
    with django_assert_num_queries(0):
        render(user)
    cache.clear()


def test_branch_figures_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    from apps.party.dashboard import branch_figures
    from tests.dashboard.test_views import _grow

    with django_assert_num_queries(6):
        branch_figures(branch=world.orgs["C1"], year=YEAR)
    _grow(world)
    with django_assert_num_queries(6):
        branch_figures(branch=world.orgs["C1"], year=YEAR)
