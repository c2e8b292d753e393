from django.urls import path

from apps.orders import views

app_name = "orders"

urlpatterns = [
    path("team/", views.team_queue, name="team_queue"),
    path("team/new/", views.order_new, name="new"),
    path("team/<int:pk>/accept/", views.order_accept, name="accept"),
    path("team/<int:pk>/hand-back/", views.order_hand_back, name="hand_back"),
    path("team/<int:pk>/complete/", views.order_complete, name="complete"),
]
