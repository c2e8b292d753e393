from django.urls import path

from apps.core.excel import views

app_name = "excel"

urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/failed.xlsx", views.job_failed_rows, name="job_failed_rows"),
]
