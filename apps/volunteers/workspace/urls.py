"""The team leader's pages, in the ``workspace`` namespace under ``/workspace/team/`` (the
shell includes them: ``workspace`` in apps/volunteers/brand.py). Their former addresses
under ``/volunteers/team/`` redirect here (apps/volunteers/urls.py)."""

from django.urls import path

from apps.volunteers.workspace import corrections, views

urlpatterns = [
    path("activities/new/", views.activity_new, name="team_activity_new"),
    path("activities/<int:pk>/hours/", views.activity_hours, name="team_activity_hours"),
    path("activities/<int:pk>/", views.activity_detail, name="team_activity_detail"),
    path("hours/", views.pending_hours, name="team_pending_hours"),
    path("hours/confirm/", views.hours_confirm, name="team_hours_confirm"),
    path("hours/<int:pk>/return/", views.hours_return, name="team_hours_return"),
    path("volunteers/", views.volunteer_list, name="team_volunteer_list"),
    path("volunteers/<int:pk>/", views.volunteer_record, name="team_volunteer_record"),
    # Correction requests (67号令 art. 12–13); formerly under /volunteers/corrections/.
    path("corrections/", corrections.corrections, name="team_corrections"),
    path("corrections/new/<int:member_pk>/", corrections.correction_new, name="team_correction_new"),
    path("corrections/<int:pk>/", corrections.correction_handle, name="team_correction_handle"),
]
