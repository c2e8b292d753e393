"""A district officer's flow in 牵手夕阳: an admission is recorded, its visit task appears,
the visit is recorded on time, and the figures move."""

import datetime

import pytest

from apps.care.models import VisitTask
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}
SUBMIT = "form.party-form button[type=submit]"


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
    page.goto(f"{live_server.url}/dashboard/?year={today.year}&brand=sunset")
    section = page.locator("#table-care-tasks").inner_text()
    assert "100.0%" in section


def _login(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url


def test_hardship_aid_from_application_to_payment(page, live_server, cast):
    from apps.care.models import AidApplication, AidReason

    person = f.PersonFactory(name="钱秀英", retirement_type="lixiu", birth_date=datetime.date(1931, 8, 8))
    reason = AidReason.objects.get(name="重大疾病")
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(90_000)
    _login(page, live_server, cast.district)
    page.goto(f"{live_server.url}/admin/care/aidapplication/add/?person={person.pk}&reason={reason.pk}")
    page.fill("input[name=applied_on]", datetime.date.today().isoformat())
    page.fill("input[name=monthly_income]", "1600")
    page.fill("input[name=amount_requested]", "3000")
    page.click("button[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/care/aidapplication/")
    app = AidApplication.objects.get(person=person)

    # 资格审核 by the district.
    page.goto(f"{live_server.url}/admin/care/aidapplication/{app.pk}/process/")
    page.select_option("select[name=decision]", "yes")
    page.fill("input[name=note]", "家庭收入低于标准")
    page.click(SUBMIT)
    page.wait_for_url(f"{live_server.url}/admin/care/aidapplication/{app.pk}/change/")
    # The district cannot approve: the page refuses it.
    assert page.goto(f"{live_server.url}/admin/care/aidapplication/{app.pk}/process/").status == 403

    # Approval by the bureau.
    _login(page, live_server, cast.staff)
    page.goto(f"{live_server.url}/admin/care/aidapplication/{app.pk}/process/")
    page.select_option("select[name=decision]", "approve")
    page.fill("input[name=amount]", "6000")  # above the annual cap (5,000)
    page.click(SUBMIT)
    assert "超过年度帮扶上限" in page.locator(".party-errors").inner_text()
    page.fill("input[name=amount]", "3000")
    page.click(SUBMIT)
    page.wait_for_url(f"{live_server.url}/admin/care/aidapplication/{app.pk}/change/")

    # Payment by the district.
    _login(page, live_server, cast.district)
    page.goto(f"{live_server.url}/admin/care/aidapplication/{app.pk}/process/")
    page.fill("input[name=amount]", "3000")
    page.fill("input[name=paid_on]", datetime.date.today().isoformat())
    page.fill("input[name=payer]", "区老干部局财务李会计")
    page.click(SUBMIT)
    page.wait_for_url(f"{live_server.url}/admin/care/aidapplication/{app.pk}/change/")
    app.refresh_from_db()
    assert app.status == "paid" and app.payer == "区老干部局财务李会计"


def test_a_modification_file_runs_from_assessment_to_acceptance(page, live_server, cast, tmp_path, settings):
    from apps.care.models import AbilityGrade, ModificationCase, ModificationItem

    settings.MEDIA_ROOT = tmp_path
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.new("RGB", (4, 4), "white").save(photo)
    person = f.PersonFactory(name="孙桂兰", retirement_type="lixiu", birth_date=datetime.date(1929, 2, 2))
    today = datetime.date.today()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    grade = AbilityGrade.objects.get(level=2)
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(90_000)
    _login(page, live_server, cast.district)
    page.goto(f"{live_server.url}/admin/care/modificationcase/add/?person={person.pk}&ability_grade={grade.pk}")
    page.fill("input[name=year]", str(today.year if today.month > 1 else today.year - 1))
    page.fill("input[name=assessed_on]", day(30))
    page.fill("input[name=assessor]", "扬州市老年人能力评估中心")
    page.click("button[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/care/modificationcase/")
    case = ModificationCase.objects.get(person=person)
    from apps.care import services
    from apps.care.models import ModificationLine

    item = ModificationItem.objects.get(number=13)
    services.modification_line_save(
        line=ModificationLine(case=case, item=item, quantity=2, unit_cost=item.unit_cost, subsidy=None, self_pay=None)
    )

    def step(fields, files=None):
        page.goto(f"{live_server.url}/admin/care/modificationcase/{case.pk}/advance/")
        for name, value in fields.items():
            page.fill(f"input[name={name}]", value)
        for name, path in (files or {}).items():
            page.set_input_files(f"input[name={name}]", str(path))
        page.click(SUBMIT)

    step({"approved_on": day(28)})
    step({"notice_start": day(27)})
    # Works a day before the week of notice has run: refused.
    step({"contractor": "扬州安居适老化改造有限公司", "works_started_on": day(22)}, {"before_photo": photo})
    assert "公示期7天未满" in page.locator(".party-errors").inner_text()
    step({"contractor": "扬州安居适老化改造有限公司", "works_started_on": day(20)}, {"before_photo": photo})
    page.wait_for_url(f"{live_server.url}/admin/care/modificationcase/{case.pk}/change/")
    step({"accepted_on": day(10)}, {"after_photo": photo})
    page.wait_for_url(f"{live_server.url}/admin/care/modificationcase/{case.pk}/change/")
    case.refresh_from_db()
    assert case.stage == "accepted" and case.after_photo
