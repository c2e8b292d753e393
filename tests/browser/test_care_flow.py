"""A district officer's flow in 牵手夕阳: an admission is recorded, its visit task appears,
the visit is recorded on time, and the figures move."""

import datetime

import pytest

from apps.care.models import VisitTask
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}


def test_admission_task_visit_on_time(page, live_server, cast):
    person = f.PersonFactory(name="周德明", retirement_type="lixiu", birth_date=datetime.date(1930, 4, 2))
    today = datetime.date.today()
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(90_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", cast.district.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url, page.locator("body").inner_text()[:300]

    # The admission.
    page.goto(f"{live_server.url}/admin/care/hospitalstay/add/?person={person.pk}")
    page.fill("input[name=hospital]", "苏北人民医院")
    page.fill("input[name=department]", "心内科")
    page.fill("input[name=admitted_on]", today.isoformat())
    page.click("button[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/care/hospitalstay/")

    # Its task is on the list, open.
    page.goto(f"{live_server.url}/admin/care/visittask/")
    assert "周德明" in page.locator("#result_list").inner_text()
    assert "待看望" in page.locator("#result_list").inner_text()
    task = VisitTask.objects.get(person=person)

    # The visit, from the task, today: on time.
    page.goto(f"{live_server.url}/admin/care/visit/add/?task={task.pk}")
    page.fill("input[name=visited_on]", today.isoformat())
    page.fill("input[name=visitors]", "区老干部局王科长")
    page.fill("input[name=gifts]", "鲜花、水果")
    page.click("button[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/care/visit/")
    assert "按时" in page.locator("#result_list").inner_text()

    task.refresh_from_db()
    assert task.status == "done" and task.on_time
    page.goto(f"{live_server.url}/admin/care/visittask/")
    assert "已看望" in page.locator("#result_list").inner_text()
    # The dashboard's care section counts the visit done on time.
    page.goto(f"{live_server.url}/dashboard/?year={today.year}")
    section = page.locator("#table-care-tasks").inner_text()
    assert "100.0%" in section
