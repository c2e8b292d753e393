"""Files of the Excel import that hold personal data are kept only for a while: previews
waiting for confirmation live in the private storage (not ``/tmp``), and both they and the
failing-row files are purged after ``hours`` (a beat task's kwargs, editable by staff)."""

import json
import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.core.excel.services import excel_files_purge
from apps.core.models import ExcelStorage, ImportJob
from apps.party.models import Membership
from tests.conftest import client_for
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_file, member_row, xlsx
from tests.excel.test_admin_flow import upload

PROCESS_URL = "admin:party_membership_process_import"


def age(path, hours: float) -> None:
    """Make the file at ``path`` look ``hours`` old."""
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def failing_job(client, cast, *, hours_ago: float) -> ImportJob:
    a, b = id_numbers(2, seed=int(hours_ago) + 40)
    upload(client, xlsx(MEMBER_HEADERS, [member_row(a, "无此支部"), member_row(b, "无此支部")]))
    job = ImportJob.objects.latest("pk")
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=hours_ago))
    age(job.failed_file.path, hours_ago)
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------------------
# Previews in the private storage
# ---------------------------------------------------------------------------
def test_an_unconfirmed_preview_waits_in_the_private_storage(client, cast, settings):
    c = client_for(client, cast, "staff")
    preview = upload(c, member_file(cast.branch.name, 2))
    name = preview.context["confirm_form"].initial["import_file_name"]
    stored = settings.EXCEL_PRIVATE_ROOT / "previews" / name
    assert stored.parent == settings.EXCEL_PRIVATE_ROOT / "previews"  # a bare name, not a /tmp path
    assert stored.is_file()
    response = c.post(reverse(PROCESS_URL), preview.context["confirm_form"].initial)
    assert response.status_code == 302
    assert Membership.objects.count() == 2
    assert not stored.exists()  # confirmed: the library removes it


def test_a_forged_preview_name_is_refused(client, cast, settings):
    c = client_for(client, cast, "staff")
    job = failing_job(c, cast, hours_ago=0)
    preview = upload(c, member_file(cast.branch.name, 2))
    forged = {**preview.context["confirm_form"].initial, "import_file_name": f"../{job.failed_file.name}"}
    assert c.post(reverse(PROCESS_URL), forged).status_code == 400
    assert os.path.exists(job.failed_file.path)
    assert Membership.objects.count() == 0


def test_a_purged_preview_asks_for_the_file_again_in_chinese(client, cast, settings):
    c = client_for(client, cast, "staff")
    preview = upload(c, member_file(cast.branch.name, 2))
    age(settings.EXCEL_PRIVATE_ROOT / "previews" / preview.context["confirm_form"].initial["import_file_name"], 30)
    assert excel_files_purge(hours=24) == 1
    response = c.post(reverse(PROCESS_URL), preview.context["confirm_form"].initial)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:party_membership_import")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["导入预览已超过保留时间被删除，未写入任何数据，请重新上传文件。"]
    assert Membership.objects.count() == 0


# ---------------------------------------------------------------------------
# The purge
# ---------------------------------------------------------------------------
def test_the_purge_removes_failing_rows_and_previews_past_the_hours_and_is_idempotent(client, cast, settings):
    c = client_for(client, cast, "staff")
    old_job = failing_job(c, cast, hours_ago=30)
    new_job = failing_job(c, cast, hours_ago=1)
    storage = ExcelStorage()
    orphan = storage.save("failed/2026/01/orphan.xlsx", ContentFile(b"x"))  # its job rolled back
    age(storage.path(orphan), 48)
    old_preview = upload(c, member_file(cast.branch.name, 1, seed=3)).context["confirm_form"].initial
    age(settings.EXCEL_PRIVATE_ROOT / "previews" / old_preview["import_file_name"], 25)
    new_preview = upload(c, member_file(cast.branch.name, 1, seed=4)).context["confirm_form"].initial

    assert excel_files_purge(hours=24) == 3
    old_job.refresh_from_db()
    assert not old_job.failed_file
    assert not os.path.exists(storage.path(orphan))
    assert not (settings.EXCEL_PRIVATE_ROOT / "previews" / old_preview["import_file_name"]).exists()
    assert c.get(reverse("excel:job_failed_rows", args=[old_job.pk])).status_code == 404
    # What is younger stays.
    assert os.path.exists(new_job.failed_file.path)
    assert (settings.EXCEL_PRIVATE_ROOT / "previews" / new_preview["import_file_name"]).is_file()
    assert c.get(reverse("excel:job_failed_rows", args=[new_job.pk])).status_code == 200
    # A second run finds nothing more.
    assert excel_files_purge(hours=24) == 0
    assert os.path.exists(new_job.failed_file.path)


@pytest.mark.parametrize("hours", [0, -5, "24"])
def test_the_purge_refuses_hours_that_are_not_a_positive_whole_number(db, hours):
    with pytest.raises(ValueError, match="至少保留 1 小时"):
        excel_files_purge(hours=hours)


def test_the_hours_default_to_the_setting(client, cast, settings):
    settings.EXCEL_FILE_RETENTION_HOURS = 48
    job = failing_job(client_for(client, cast, "staff"), cast, hours_ago=30)
    assert excel_files_purge() == 0
    settings.EXCEL_FILE_RETENTION_HOURS = 12
    assert excel_files_purge() == 1
    job.refresh_from_db()
    assert not job.failed_file


def test_the_hours_are_the_beat_tasks_kwargs_staff_can_change(client, cast):
    from cadre_portal.celery import app

    task = PeriodicTask.objects.get(task="excel.purge_old_files")
    assert task.enabled and task.crontab is not None
    assert json.loads(task.kwargs) == {"hours": 24}
    job = failing_job(client_for(client, cast, "staff"), cast, hours_ago=6)

    def run_as_beat():
        task.refresh_from_db()
        return app.tasks[task.task].apply(args=json.loads(task.args), kwargs=json.loads(task.kwargs)).get()

    assert run_as_beat() == 0
    PeriodicTask.objects.filter(pk=task.pk).update(kwargs=json.dumps({"hours": 4}))
    assert run_as_beat() == 1
    job.refresh_from_db()
    assert not job.failed_file


def test_the_upload_of_a_background_import_that_never_ran_is_purged_too(cast, settings):
    from apps.core.excel.services import import_job_create, import_job_run
    from apps.party.resources import MemberResource

    stale = import_job_create(
        user=cast.staff,
        resource_class=MemberResource,
        data=member_file(cast.branch.name, 3),
        original_name="a.xlsx",
        total_rows=3,
    )
    fresh = import_job_create(
        user=cast.staff,
        resource_class=MemberResource,
        data=member_file(cast.branch.name, 3, seed=5),
        original_name="b.xlsx",
        total_rows=3,
    )
    ImportJob.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=30))
    age(stale.upload.path, 30)
    stale_path = stale.upload.path

    assert excel_files_purge(hours=24) == 1
    stale.refresh_from_db()
    assert not os.path.exists(stale_path) and not stale.upload
    assert stale.status == "failed" and stale.finished_at is not None
    assert stale.message == "文件超过保留时间仍未导入，已删除，未导入任何数据。请重新上传。"
    assert import_job_run(job_id=stale.pk).status == "failed"  # a late task does nothing
    assert os.path.exists(fresh.upload.path)
    assert excel_files_purge(hours=24) == 0
