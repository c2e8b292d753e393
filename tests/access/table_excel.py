"""Rows for the Excel base (``apps.core.excel``): background-import pages, and the rule for
the library's ``process_import`` URL (POST only: a GET by a permitted role is 405)."""

from django.urls import reverse

from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, Page


def _job(cast):
    from pathlib import Path

    from django.conf import settings
    from django.core.files.base import ContentFile

    # Keep the matrix's workbook under the test MEDIA_ROOT, which the suite removes at
    # the end (the storage reads this setting on every use), not in the real private root.
    settings.EXCEL_PRIVATE_ROOT = Path(settings.MEDIA_ROOT) / "excel-private"

    from apps.core.models import ImportJob

    job = ImportJob(
        user=cast.staff,
        resource="apps.party.resources.MemberResource",
        title="党员名册",
        original_name="党员.xlsx",
        status="failed",
        total_rows=1,
        error_rows=1,
    )
    job.failed_file.save("failed.xlsx", ContentFile(b"PK-test"), save=False)
    job.save()
    return job


def _owner_only() -> dict:
    """The uploader gets 200; other staff 404 (not theirs); non-staff go to login."""
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        expect[role] = 200 if role == "staff" else (404 if role in STAFF_ROLES else 302)
    return expect


PAGES = {
    "excel:job": Page(lambda cast: reverse("excel:job", args=[_job(cast).pk]), _owner_only()),
    "excel:job_status": Page(lambda cast: reverse("excel:job_status", args=[_job(cast).pk]), _owner_only()),
    "excel:job_failed_rows": Page(lambda cast: reverse("excel:job_failed_rows", args=[_job(cast).pk]), _owner_only()),
}


def process_import_page(app_model: str, importers: set) -> Page:
    """``process_import`` only accepts the confirmation POST: permitted roles get 405 on
    GET, other staff 403, everyone else the admin login."""
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        if role not in STAFF_ROLES:
            expect[role] = 302
        else:
            expect[role] = 405 if role in importers else 403
    return Page(lambda cast: reverse(f"admin:{app_model}_process_import"), expect)
