"""The workspace shell's own pages (the landing page, a notice read) and every brand's
workspace pages (``Brand.workspace.urls``), all in the ``workspace`` namespace."""

from django.urls import include, path

from apps.core.brands import workspaces
from apps.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    *(path(workspace.prefix, include(workspace.urls)) for workspace in workspaces()),
]
