from django.urls import path

from apps.summary import views

app_name = "summary"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/<str:kind>/", views.download, name="download"),
]
