from django.urls import path

from apps.volunteers import record_views, views

app_name = "volunteers"

urlpatterns = [
    # The team leader's workspace (phone first)
    path("team/", views.home, name="home"),
    path("team/activities/new/", views.activity_new, name="activity_new"),
    path("team/activities/<int:pk>/hours/", views.activity_hours, name="activity_hours"),
    path("team/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("team/hours/", views.pending_hours, name="pending_hours"),
    path("team/volunteers/", views.volunteer_list, name="volunteer_list"),
    path("team/volunteers/<int:pk>/", views.volunteer_record, name="volunteer_record"),
    path("team/hours/confirm/", views.hours_confirm, name="hours_confirm"),
    path("team/hours/<int:pk>/return/", views.hours_return, name="hours_return"),
    # Certificates: the printable certificate, and the public verification page
    path("certificates/<int:pk>/print/", views.certificate_print, name="certificate_print"),
    path("verify/", views.verify, name="verify"),
    path("certificates/notice/", record_views.certificate_notice, name="certificate_notice"),
    # Correction requests (67号令 art. 12–13), handled by the team leader
    path("corrections/", record_views.corrections, name="corrections"),
    path("corrections/new/<int:member_pk>/", record_views.correction_new, name="correction_new"),
    path("corrections/<int:pk>/", record_views.correction_handle, name="correction_handle"),
]
