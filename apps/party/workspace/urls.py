"""银发先锋's workspace pages, in the ``workspace`` namespace under ``/workspace/`` (the
shell includes them: ``workspace`` in apps/party/brand.py)."""

from django.urls import path

from apps.party.workspace import views

urlpatterns = [
    # The branch secretary's workspace
    path("logs/", views.log_list, name="log_list"),
    path("logs/new/", views.log_new, name="log_new"),
    path("logs/<int:pk>/", views.log_detail, name="log_detail"),
    path("logs/<int:pk>/basics/", views.log_basics, name="log_basics"),
    path("logs/<int:pk>/attendance/", views.log_attendance, name="log_attendance"),
    path("logs/<int:pk>/content/", views.log_content, name="log_content"),
    path("logs/<int:pk>/done/", views.log_done, name="log_done"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    # District and bureau staff
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/<int:pk>/approve/", views.review_approve, name="review_approve"),
    path("review/<int:pk>/return/", views.review_return, name="review_return"),
]
