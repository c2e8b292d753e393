from django.urls import path

from apps.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/open/", views.scheme_open, name="scheme_open"),
    path("<int:pk>/copy/", views.scheme_copy, name="scheme_copy"),
    path("<int:pk>/tally/", views.tally_start, name="tally_start"),
    path("<int:pk>/publish/", views.scheme_publish, name="scheme_publish"),
    path("<int:pk>/lock/", views.scheme_lock, name="scheme_lock"),
    path("<int:pk>/export/", views.export_results, name="export"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("results/<int:pk>/", views.scorecard, name="scorecard"),
    path("results/<int:pk>/export/", views.scorecard_export, name="scorecard_export"),
    path("results/<int:pk>/appeal/", views.appeal_lodge, name="appeal_lodge"),
    path("results/<int:pk>/score/", views.manual_score, name="manual_score"),
    path("appeals/<int:pk>/answer/", views.appeal_answer, name="appeal_answer"),
]
