"""The workspace shell: the elder-first frame's landing page and notices, brand-neutral.

A user lands in the workspace of the first brand (in the registry's order) whose
``Brand.workspace.permission`` their role is granted (``roles.py``); that brand's pages
and its part of the landing page come from its own folder. Imports no brand.
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


def landing(user) -> Workspace | None:
    """The workspace ``user`` lands in, or None when their role has none."""
    return next((w for w in workspaces() if role_may(user, w.permission)), None)


def _landing_or_403(user) -> Workspace:
    workspace = landing(user)
    if workspace is None:
        raise PermissionDenied("您的角色没有工作台。")
    return workspace


@login_required
def home(request):
    """The landing page: the user's unread notices and their brand's part, both kept in
    the cache (like the dashboard's figures) until a write retires them — a notice of
    theirs, what the brand's part names, or a dashboard figure — in one round trip. The
    page around them is rendered per request."""
    user = request.user
    part = resolve(_landing_or_403(user).home)(request)
    notices, body = generations.cached_many(
        [
            (
                f"workspace:notices:{user.pk}",
                [NOTICE_GENERATION.format(user.pk)],
                lambda: selectors.unread_notices(user),
            ),
            (part.key, [*part.generations, dashboard_cache.GENERATION_KEY], part.render),
        ],
        dashboard_cache.timeout(),
    )
    context = {
        **part.context,
        "heading": part.heading,
        "actions": part.actions,
        "today": timezone.localdate(),
        "notices": notices,
        # The brand's own template's output, escaped as it was rendered.
        "part": mark_safe(body),
    }
    return render(request, "workspace/home.html", context)


@login_required
@require_POST
def notice_read(request, pk: int):
    _landing_or_403(request.user)
    notice = get_scoped_or_404(Notice.objects.all(), request.user, pk=pk)
    notice_mark_read(notice=notice, user=request.user)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("workspace:home")
