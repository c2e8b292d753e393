from django.contrib import admin
from django.urls import include, path

from apps.accounts.views import AdminPasswordChangeView

admin.site.site_header = "扬州市老干部工作信息平台"
admin.site.site_title = "老干部工作信息平台"
admin.site.index_title = "后台管理"

urlpatterns = [
    # The back office's own password change goes through the accounts service (password
    # age, ending other sessions, audit); it shadows the admin's view at the same address.
    path("admin/password_change/", admin.site.admin_view(AdminPasswordChangeView.as_view())),
    path("admin/", admin.site.urls),
    path("audit/", include("apps.audit.urls")),
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("excel/", include("apps.core.excel.urls")),
    path("assessment/", include("apps.assessment.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("summary/", include("apps.summary.urls")),
    path("workspace/", include("apps.workspace.urls")),
    path("volunteers/", include("apps.volunteers.urls")),
    path("orders/", include("apps.orders.urls")),
    path("education/", include("apps.education.urls")),
]

# No route serves MEDIA_ROOT, not even with DEBUG (``make run``): uploaded files are personal
# data. Activity photos go through ``workspace:photo``, which checks the user's scope.
