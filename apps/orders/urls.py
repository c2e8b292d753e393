from django.urls import re_path

from apps.orders import views

app_name = "orders"

urlpatterns = [
    # The team leader's pages moved into the workspace (/workspace/orders/).
    re_path(r"^team/(?P<rest>(?:[a-z-]+/|[0-9]+/)*)$", views.team_moved, name="team_moved"),
]
