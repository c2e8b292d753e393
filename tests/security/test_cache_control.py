"""Nothing a signed-in user sees is kept by a browser or proxy cache: every response to
a signed-in user carries ``Cache-Control: no-store``; static files stay cacheable."""

import pytest
from django.test import Client

from tests.security.test_query_strings import ID_NUMBER

pytestmark = pytest.mark.django_db


def _no_store(response, where):
    assert "no-store" in response.get("Cache-Control", ""), f"{where}: {response.get('Cache-Control')!r}"


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("secretary", "/"),
        ("secretary", "/workspace/"),
        ("leader", "/dashboard/"),
        ("leader", "/dashboard/print/"),
        ("leader", "/dashboard/export.xlsx"),
        ("staff", "/admin/"),
        ("staff", "/admin/people/person/"),
        ("staff", "/admin/people/person/export/"),
        ("auditor", "/admin/audit/auditevent/export/"),
        ("staff", "/no-such-page/"),
        ("staff", "/admin/people/person/?phone__startswith=139"),
        ("staff", f"/admin/people/person/?q={ID_NUMBER}"),
    ],
)
def test_every_response_to_a_signed_in_user_is_no_store(client, cast, role, path):
    client.force_login(getattr(cast, role))
    _no_store(client.get(path), f"{role} {path}")


def test_a_signed_in_post_and_its_redirect_are_no_store(client, cast):
    client.force_login(cast.staff)
    response = client.post("/admin/people/person/id-search/", {"id_number": ID_NUMBER})
    assert response.status_code == 302
    _no_store(response, "id-search")


def test_static_files_stay_cacheable_for_a_signed_in_user(cast, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(cast.staff)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
