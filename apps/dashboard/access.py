"""Who may open the dashboard, and the region they may look at."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may
from apps.regions.models import Region

# Granted in apps/dashboard/roles.py.
DASHBOARD_PERMISSION = "dashboard.view_dashboard"


def can_view_dashboard(user) -> bool:
    return role_may(user, DASHBOARD_PERMISSION)


def require_dashboard(user) -> None:
    if not can_view_dashboard(user):
        raise PermissionDenied("您没有查看数据看板的权限。")


def region_for(user, requested: str | int | None) -> Region | None:
    """The region the user looks at: ``None`` is the whole city.

    City-scope users may pick any region (or none). District staff are held to their own
    region: asking for another one is a 404, exactly like an object out of scope.
    """
    requested = str(requested or "").strip()
    if user.scope_kind == ScopeKind.CITY:
        if not requested:
            return None
        if not requested.isdigit():
            raise Http404("区域不存在。")
        try:
            return Region.objects.get(pk=int(requested))
        except Region.DoesNotExist as exc:
            raise Http404("区域不存在。") from exc
    if user.scope_kind == ScopeKind.REGION and user.scope_region_id:
        if requested and requested != str(user.scope_region_id):
            raise Http404("区域不存在或不在您的数据权限范围内。")
        return user.scope_region
    raise PermissionDenied("您没有查看数据看板的权限。")
