"""Files over EXCEL_ASYNC_ROWS rows: an ImportJob run by Celery, with a progress page."""

import pytest
from django.urls import reverse

from apps.core.models import ImportJob
from apps.core.queue import QueueUnavailable
from apps.party.models import Membership
from apps.people.models import Person
from tests.conftest import client_for
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_file, member_row, xlsx
from tests.excel.test_admin_flow import upload


@pytest.fixture
def small_async(settings):
    settings.EXCEL_ASYNC_ROWS = 5


@pytest.fixture
def eager(settings):
    """Run tasks in-process even when REDIS_URL is set (the worker test covers Redis)."""
    from cadre_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_a_large_file_runs_in_the_background_and_reports_progress(
    client, cast, small_async, eager, django_capture_on_commit_callbacks
):
    c = client_for(client, cast, "district")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(c, member_file(cast.branch.name, 8))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("excel:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.created_rows == 8 and job.total_rows == 8
    assert job.message == "导入成功：新增 8 条党员名册。"
    assert not job.upload  # the uploaded file is not kept
    assert Membership.objects.filter(organisation=cast.branch).count() == 8
    status = c.get(reverse("excel:job_status", args=[job.pk])).json()
    assert status == {
        "status": "succeeded",
        "status_label": "导入成功",
        "finished": True,
        "percent": 100,
        "total_rows": 8,
        "created_rows": 8,
        "error_rows": 0,
        "message": "导入成功：新增 8 条党员名册。",
    }
    page = c.get(reverse("excel:job", args=[job.pk]))
    assert page.status_code == 200
    assert "导入成功：新增 8 条党员名册。" in page.content.decode()


def test_a_failing_background_import_writes_nothing_and_keeps_the_failing_rows(
    client, cast, small_async, eager, django_capture_on_commit_callbacks
):
    numbers = id_numbers(7)
    rows = [member_row(n, cast.branch.name) for n in numbers] + [member_row(numbers[0], cast.branch.name)]
    c = client_for(client, cast, "staff")
    with django_capture_on_commit_callbacks(execute=True):
        upload(c, xlsx(MEMBER_HEADERS, rows))
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.error_rows == 1 and job.created_rows == 0
    assert job.errors == [{"row": 9, "errors": {"身份证号": ["与第 2 行身份证号重复"]}}]
    assert job.failed_file
    assert Person.objects.count() == 0
    assert c.get(reverse("excel:job_failed_rows", args=[job.pk])).status_code == 200


def test_queue_down_refuses_in_chinese_and_writes_nothing(client, cast, small_async, monkeypatch):
    def down():
        raise QueueUnavailable()

    monkeypatch.setattr("apps.core.excel.admin.check_queue", down)
    c = client_for(client, cast, "staff")
    response = upload(c, member_file(cast.branch.name, 8))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:party_membership_import")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["后台任务队列暂时不可用，请稍后再试；本次操作未做任何修改。"]
    assert ImportJob.objects.count() == 0 and Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_import(celery_worker, client, small_async):
    """With PostgreSQL + Redis: the job is picked up by a real worker thread."""
    import time

    from apps.accounts.choices import Role
    from tests import factories as f
    from tests.conftest import make_user

    branch = f.OrganisationFactory(name="后台导入测试党支部")
    user = make_user("bg_staff", Role.BUREAU_STAFF)
    client.force_login(user)
    upload(client, member_file(branch.name, 8))
    job = ImportJob.objects.get()
    for _ in range(120):
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.25)
    assert job.status == "succeeded" and job.created_rows == 8
    assert Membership.objects.filter(organisation=branch).count() == 8
