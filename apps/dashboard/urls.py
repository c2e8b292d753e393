from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_view, name="print"),
    path("export.xlsx", views.export, name="export"),
    path("regions/<int:region_id>/", views.region_detail, name="region"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
