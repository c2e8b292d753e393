"""Who may open the dashboard, the review queue, the workspace and each menu entry follows
the permissions each app declares in its ``roles.py``: no second, hand-written role list."""

import pytest
from django.contrib.auth.models import Permission

from apps.accounts import roles
from apps.accounts.choices import Role
from apps.core import navigation
from apps.dashboard import roles as dashboard_roles
from apps.party import roles as party_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def redeclare(monkeypatch):
    """Change an app's declared permissions for one test; the derived sets follow."""

    def change(module, role, patterns):
        monkeypatch.setitem(module.ROLE_PERMISSIONS, role, patterns)
        roles.roles_with.cache_clear()
        navigation._navigation.cache_clear()

    yield change
    roles.roles_with.cache_clear()
    navigation._navigation.cache_clear()


def test_roles_with_agrees_with_the_synced_groups():
    for perm in Permission.objects.select_related("content_type"):
        key = f"{perm.content_type.app_label}.{perm.codename}"
        holders = {Role(r) for r in Role.values if perm.group_set.filter(name=Role(r).label).exists()}
        assert roles.roles_with(key) == holders, key


def test_the_derived_role_sets():
    assert roles.roles_with("dashboard.view_dashboard") == {Role.LEADERSHIP, Role.BUREAU_STAFF, Role.DISTRICT_STAFF}
    assert roles.roles_with("party.review_activitylog") == {Role.BUREAU_STAFF, Role.DISTRICT_STAFF}
    assert roles.roles_with("party.record_activitylog") == {Role.SECRETARY}


def test_the_dashboard_follows_the_declared_permission(client, cast, redeclare):
    client.force_login(cast.district)
    assert client.get("/dashboard/").status_code == 200
    redeclare(dashboard_roles, Role.DISTRICT_STAFF, [])
    assert client.get("/dashboard/").status_code == 403
    assert "数据看板" not in [item["label"] for item in navigation.portal_navigation(cast.district)]


def test_the_review_queue_follows_the_declared_permission(client, cast, redeclare):
    client.force_login(cast.district)
    assert client.get("/workspace/review/").status_code == 200
    redeclare(party_roles, Role.DISTRICT_STAFF, [*party_roles.ROLE_PERMISSIONS[Role.DISTRICT_STAFF], "-party.review_*"])
    assert client.get("/workspace/review/").status_code == 403
    assert "审核队列" not in [item["label"] for item in navigation.portal_navigation(cast.district)]


def test_the_workspace_follows_the_declared_permission(client, cast, redeclare):
    client.force_login(cast.secretary)
    assert client.get("/workspace/").status_code == 200
    redeclare(party_roles, Role.SECRETARY, ["party.view_activitylog"])
    assert client.get("/workspace/").status_code == 403
    assert "工作台" not in [item["label"] for item in navigation.portal_navigation(cast.secretary)]
