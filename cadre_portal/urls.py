from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "扬州市老干部工作信息平台"
admin.site.site_title = "老干部工作信息平台"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("excel/", include("apps.core.excel.urls")),
    path("assessment/", include("apps.assessment.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("workspace/", include("apps.workspace.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
