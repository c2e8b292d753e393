"""Downloads are named in Chinese: what, whose scope, the date (``党员名册-广陵区-2026-12-06.xlsx``).

The name travels in RFC 6266's ``filename*=UTF-8''…`` (apps/core/downloads.py), which every
browser in use reads; the plain ``filename=`` is the ASCII fallback of old clients.
"""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def downloaded_name(response) -> str:
    """The name a browser saves ``response`` under (``filename*`` wins over ``filename``)."""
    header = response["Content-Disposition"]
    match = re.search(r"filename\*=UTF-8''([^;]+)", header)
    assert match, f"no RFC 6266 filename* in {header!r}"
    return unquote(match.group(1))


def today() -> str:
    return timezone.localdate().isoformat()


def test_an_admin_export_is_named_by_what_scope_and_date(client, cast):
    f.MembershipFactory(organisation=cast.branch)
    response = client_for(client, cast, "district").post(
        reverse("admin:party_membership_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert downloaded_name(response) == f"党员名册-广陵区-{today()}.xlsx"


def test_a_city_wide_admin_export_says_so(client, cast):
    response = client_for(client, cast, "staff").post(
        reverse("admin:people_person_export"), {"format": "0", "resource": "0"}
    )
    assert downloaded_name(response) == f"老干部人员库-全市-{today()}.xlsx"


def test_the_dashboard_export_is_named_in_chinese(client, cast, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    response = client_for(client, cast, "district").get(reverse("dashboard:export"), {"year": 2025})
    assert response.status_code == 200
    assert downloaded_name(response) == f"数据看板-总览-2025年-广陵区-{today()}.xlsx"


def test_the_audit_export_is_named_in_chinese(client, cast):
    response = client_for(client, cast, "auditor").get("/admin/audit/auditevent/export/")
    assert response.status_code == 200
    assert downloaded_name(response) == f"审计日志-{today()}.xlsx"


def test_the_ascii_fallback_is_never_a_bare_stub():
    from apps.core.downloads import attachment_header

    header = attachment_header("党员名册-邗江区-2026-12-06.xlsx")
    assert 'filename="download-2026-12-06.xlsx"' in header
    assert "filename*=UTF-8''%E5%85%9A" in header
