"""The team leader's order pages, in the ``workspace`` namespace under
``/workspace/orders/`` (``workspace`` in apps/orders/brand.py)."""

from django.urls import path

from apps.orders.workspace import views

urlpatterns = [
    path("", views.team_queue, name="orders_queue"),
    path("new/", views.order_new, name="orders_new"),
    path("<int:pk>/accept/", views.order_accept, name="orders_accept"),
    path("<int:pk>/hand-back/", views.order_hand_back, name="orders_hand_back"),
    path("<int:pk>/complete/", views.order_complete, name="orders_complete"),
]
