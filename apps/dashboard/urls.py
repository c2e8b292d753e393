from django.urls import path

from apps.core.brands import registry
from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_view, name="print"),
    path("export.xlsx", views.export, name="export"),
]
# The brands' drill-down pages (apps.core.brands.DashboardPage).
urlpatterns += [
    path(page.route, views.page_view(page), name=page.name) for brand in registry() for page in brand.dashboard_pages
]
