from django.urls import path

from apps.education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/", views.courses, name="courses"),
    path("courses/<int:pk>/apply/", views.apply, name="apply"),
    path("courses/<int:pk>/roll/", views.roll, name="roll"),
    path("enrolments/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("enrolments/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("desk/", views.desk, name="desk"),
    path("terms/<int:pk>/lottery/", views.lottery_page, name="lottery"),
    path("terms/<int:pk>/lottery.json", views.lottery_list, name="lottery_list"),
]
