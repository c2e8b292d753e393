from django.urls import path, re_path

from apps.volunteers import record_views, views

app_name = "volunteers"

urlpatterns = [
    # The team leader's pages moved into the workspace (/workspace/team/): the former
    # addresses redirect there.
    re_path(r"^team/(?P<rest>(?:[a-z]+/|[0-9]+/)*)$", views.team_moved, name="team_moved"),
    # Certificates: the printable certificate, and the public verification page
    path("certificates/<int:pk>/print/", views.certificate_print, name="certificate_print"),
    path("verify/", views.verify, name="verify"),
    path("certificates/notice/", record_views.certificate_notice, name="certificate_notice"),
    # Correction requests (67号令 art. 12–13), handled by the team leader
    path("corrections/", record_views.corrections, name="corrections"),
    path("corrections/new/<int:member_pk>/", record_views.correction_new, name="correction_new"),
    path("corrections/<int:pk>/", record_views.correction_handle, name="correction_handle"),
]
