"""Uploaded files (activity photos are personal data) are never served as public media,
not even by ``make run`` (DEBUG): photos go through the scope-checked view only."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches, reverse

from apps.party.models import ActivityPhoto
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log = f.ActivityLogFactory(organisation=cast.branch, status="submitted", created_by=cast.secretary)
    item = ActivityPhoto(log=log)
    item.image.save("x.jpg", ContentFile(b"\xff\xd8 a photo of the meeting"), save=False)
    item.save()
    return item


@pytest.fixture
def debug_urls(settings):
    """The project's URLs as ``make run`` builds them (DEBUG on)."""
    import cadre_portal.urls

    settings.DEBUG = True
    importlib.reload(cadre_portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cadre_portal.urls)
    clear_url_caches()


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_media_files_are_not_served_even_in_debug(cast, photo, debug_urls, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    response = client.get(f"/media/{photo.image.name}")
    assert response.status_code in {302, 404}
    assert b"a photo of the meeting" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_photo_view_still_serves_those_allowed(client, cast, photo):
    client.force_login(cast.secretary)
    response = client.get(reverse("workspace:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8 a photo of the meeting"
    client.force_login(cast.secretary_other)
    assert client.get(reverse("workspace:photo", args=[photo.pk])).status_code == 404


def test_the_back_office_links_photos_through_the_protected_view(client, cast, photo):
    client.force_login(cast.staff)
    response = client.get(reverse("admin:party_activitylog_change", args=[photo.log_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/media/" not in page and photo.image.name not in page
    assert reverse("workspace:photo", args=[photo.pk]) in page
