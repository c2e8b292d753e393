from django.urls import path

from apps.audit import views

urlpatterns = [
    path("reveal/person/<int:pk>/", views.reveal_person, name="audit_reveal_person"),
]
