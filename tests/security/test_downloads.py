"""Downloads name their file the RFC 6266 way — an ASCII ``filename`` for old clients and
``filename*=UTF-8''…`` (RFC 5987) for the real name, never RFC 2047 (``=?utf-8?b?…``) —
through one helper; the dashboard and assessment exports are audited."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.core.downloads import attachment_header
from tests import factories as f
from tests.access.table_assessment import _tallied

pytestmark = pytest.mark.django_db

DISPOSITION = re.compile(r"""^attachment; filename="([\x20-\x7e]+)"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$""")


def _name(response) -> tuple[str, str]:
    """The (ASCII fallback, real name) of a download, checking the header's form."""
    header = response["Content-Disposition"]
    assert "=?" not in header, header
    match = DISPOSITION.match(header)
    assert match, header
    fallback, encoded = match.groups()
    assert '"' not in fallback and "\\" not in fallback
    return fallback, unquote(encoded, encoding="utf-8", errors="strict")


# ---------------------------------------------------------------------------
# The helper
# ---------------------------------------------------------------------------
def test_a_chinese_name_gets_an_ascii_fallback_and_the_utf8_name():
    header = attachment_header("党员名册-20261206.xlsx")
    assert header == (
        'attachment; filename="download-20261206.xlsx"; '
        "filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C-20261206.xlsx"
    )


def test_an_ascii_name_is_kept_in_both():
    assert attachment_header("audit-20261206-1000.xlsx") == (
        "attachment; filename=\"audit-20261206-1000.xlsx\"; filename*=UTF-8''audit-20261206-1000.xlsx"
    )


@pytest.mark.parametrize("name", ['a"b\\c.xlsx', "../../etc/passwd", "名\r\n单 ;x.xlsx", "“引号” 文件.xlsx"])
def test_quotes_separators_and_control_characters_cannot_break_the_header(name):
    header = attachment_header(name)
    assert "\r" not in header and "\n" not in header
    fallback, real = DISPOSITION.match(header).groups()
    assert "/" not in fallback and "/" not in unquote(real)
    assert "\r" not in unquote(real) and "\n" not in unquote(real)


# ---------------------------------------------------------------------------
# Every download uses it, keeping its name
# ---------------------------------------------------------------------------
def test_admin_exports_through_import_export(client, cast):
    f.MembershipFactory(organisation=cast.branch)
    client.force_login(cast.staff)
    response = client.post(reverse("admin:party_membership_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    fallback, real = _name(response)
    assert real == f"党员名册-全市-{timezone.localdate().isoformat()}.xlsx"
    assert fallback == f"download-{timezone.localdate().isoformat()}.xlsx"


def test_the_import_template(client, cast):
    client.force_login(cast.staff)
    response = client.get(reverse("admin:party_membership_excel_template"))
    assert _name(response)[1] == "党员名册-导入模板.xlsx"


def test_the_failing_rows_file(client, cast):
    from apps.core.models import ImportJob

    job = ImportJob(user=cast.staff, resource="apps.party.resources.MemberResource", title="党员名册", status="failed")
    job.failed_file.save("failed.xlsx", ContentFile(b"PK-test"), save=False)
    job.save()
    client.force_login(cast.staff)
    response = client.get(reverse("excel:job_failed_rows", args=[job.pk]))
    assert _name(response)[1] == f"党员名册-出错行-{job.pk}.xlsx"


def test_the_dashboard_export(client, cast):
    client.force_login(cast.leader)
    response = client.get("/dashboard/export.xlsx", {"year": 2025})
    fallback, real = _name(response)
    assert real == f"数据看板-总览-2025年-全市-{timezone.localdate().isoformat()}.xlsx"
    assert fallback == f"download-2025-{timezone.localdate().isoformat()}.xlsx"


def test_the_assessment_export(client, cast):
    scheme = _tallied(cast)
    client.force_login(cast.staff)
    fallback, real = _name(client.get(reverse("assessment:export", args=[scheme.pk])))
    assert real == f"2025年考评结果-党组织（党支部）-全市-{timezone.localdate().isoformat()}.xlsx"
    assert fallback.startswith("download-2025")


def test_the_audit_export(client, cast):
    client.force_login(cast.auditor)
    fallback, real = _name(client.get("/admin/audit/auditevent/export/"))
    assert real == f"审计日志-{timezone.localdate().isoformat()}.xlsx"
    assert fallback == f"download-{timezone.localdate().isoformat()}.xlsx"


# ---------------------------------------------------------------------------
# The exports are audited
# ---------------------------------------------------------------------------
def test_the_dashboard_export_is_audited(client, cast, events):
    client.force_login(cast.district)
    response = client.get("/dashboard/export.xlsx", {"year": 2025})
    assert response.status_code == 200
    [event] = events(AuditAction.EXPORT)
    assert (event.username, event.object_type) == ("district", "dashboard")
    assert "数据看板" in event.detail and "2025年" in event.detail and "广陵区" in event.detail


def test_the_assessment_export_is_audited(client, cast, events):
    scheme = _tallied(cast)
    client.force_login(cast.staff)
    assert client.get(reverse("assessment:export", args=[scheme.pk])).status_code == 200
    [event] = events(AuditAction.EXPORT)
    assert event.username == "staff"
    assert (event.object_type, event.object_id) == ("assessment.scheme", str(scheme.pk))
    assert "考评结果" in event.detail and "2025" in event.detail


def test_a_refused_export_is_not_recorded_as_one(client, cast, events):
    client.force_login(cast.secretary)
    assert client.get("/dashboard/export.xlsx").status_code in {302, 403, 404}
    assert events(AuditAction.EXPORT) == []
