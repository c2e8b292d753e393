from django.urls import path, re_path

from apps.volunteers import mine, record_views, views

app_name = "volunteers"

urlpatterns = [
    # The team leader's pages moved into the workspace (/workspace/team/): the former
    # addresses redirect there.
    re_path(r"^team/(?P<rest>(?:[a-z]+/|[0-9]+/)*)$", views.team_moved, name="team_moved"),
    # Certificates: the printable certificate, and the public verification page
    path("certificates/<int:pk>/print/", views.certificate_print, name="certificate_print"),
    path("verify/", views.verify, name="verify"),
    path("certificates/notice/", record_views.certificate_notice, name="certificate_notice"),
    # Correction requests (67号令 art. 12–13): the team leader handles them in his workspace
    # (/workspace/team/corrections/); the former addresses redirect there.
    re_path(r"^corrections/(?P<rest>(?:[a-z]+/|[0-9]+/)*)$", views.corrections_moved, name="corrections_moved"),
    # The volunteer's own page: his records, hours, star level and his requests.
    path("mine/", mine.home, name="mine"),
    path("mine/records/<int:pk>/correction/", mine.record_correction, name="mine_record_correction"),
    path("mine/omitted/", mine.omission, name="mine_omission"),
]
