"""The test brand's workspace: one page and its part of the landing page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from apps.accounts.roles import role_may
from apps.core.brands import WorkspaceHome

PERMISSION = "audit.export_auditevent"


def home(request) -> WorkspaceHome:
    return WorkspaceHome(
        heading="测试工作台",
        key=f"brandkit:home:{request.user.pk}",
        generations=("brandkit:generation",),
        render=lambda: "<p>测试品牌的工作台内容</p>",
    )


@login_required
def page(request):
    if not role_may(request.user, PERMISSION):
        raise PermissionDenied("测试工作台只对审计管理员开放。")
    return render(request, "brandkit/workspace_page.html")


urlpatterns = [path("brandkit/", page, name="brandkit_page")]
