from django.urls import path

from apps.core import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("healthz/live/", health.healthz_live, name="healthz_live"),
]
