"""The workspace shell: the elder-first frame's landing page and notices, brand-neutral.

A user lands in the workspace of the first brand (in the registry's order) whose
``Brand.workspace.permission`` their role is granted (``roles.py``); that brand's pages
and its part of the landing page come from its own folder. When the role opens several
brands' workspaces (the volunteer team leader: his team's, and 四单's orders to accept),
the landing page shows each one's part in the registry's order, under the first one's
heading. Imports no brand.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.accounts.roles import role_may
from apps.core import generations
from apps.core.brands import Workspace, resolve, workspaces
from apps.core.models import NOTICE_GENERATION, Notice
from apps.core.scoping import get_scoped_or_404
from apps.dashboard import cache as dashboard_cache
from apps.workspace import selectors
from apps.workspace.services import notice_mark_read


def opened(user) -> list[Workspace]:
    """The workspaces ``user``'s role opens, in the registry's order (no query)."""
    return [w for w in workspaces() if role_may(user, w.permission)]


def landing(user) -> Workspace | None:
    """The workspace ``user`` lands in, or None when their role has none."""
    return next(iter(opened(user)), None)


def _opened_or_403(user) -> list[Workspace]:
    found = opened(user)
    if not found:
        raise PermissionDenied("您的角色没有工作台。")
    return found


@login_required
def home(request):
    """The landing page: the user's unread notices and each opened brand's part, all kept
    in the cache (like the dashboard's figures) until a write retires them — a notice of
    theirs, what a brand's part names, or a dashboard figure — in one round trip. The
    page around them is rendered per request."""
    user = request.user
    parts = [resolve(workspace.home)(request) for workspace in _opened_or_403(user)]
    notices, *bodies = generations.cached_many(
        [
            (
                f"workspace:notices:{user.pk}",
                [NOTICE_GENERATION.format(user.pk)],
                lambda: selectors.unread_notices(user),
            ),
            *((part.key, [*part.generations, dashboard_cache.GENERATION_KEY], part.render) for part in parts),
        ],
        dashboard_cache.timeout(),
    )
    context = {
        **{key: value for part in reversed(parts) for key, value in part.context.items()},
        "heading": parts[0].heading,
        "actions": [part.actions for part in parts if part.actions],
        "today": timezone.localdate(),
        "notices": notices,
        # The brands' own templates' output, escaped as it was rendered.
        "parts": [mark_safe(body) for body in bodies],
    }
    return render(request, "workspace/home.html", context)


@login_required
@require_POST
def notice_read(request, pk: int):
    _opened_or_403(request.user)
    notice = get_scoped_or_404(Notice.objects.all(), request.user, pk=pk)
    notice_mark_read(notice=notice, user=request.user)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("workspace:home")
