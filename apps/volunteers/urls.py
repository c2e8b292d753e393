from django.urls import path, re_path

from apps.volunteers import views

app_name = "volunteers"

urlpatterns = [
    # The team leader's pages moved into the workspace (/workspace/team/): the former
    # addresses redirect there.
    re_path(r"^team/(?P<rest>(?:[a-z]+/|[0-9]+/)*)$", views.team_moved, name="team_moved"),
    # Certificates: the printable certificate, and the public verification page
    path("certificates/<int:pk>/print/", views.certificate_print, name="certificate_print"),
    path("verify/", views.verify, name="verify"),
]
