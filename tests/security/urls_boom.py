"""The project's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from cadre_portal.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("secret internals: settings.SECRET_KEY")


urlpatterns = [path("__boom__/", boom), *project_urlpatterns]
