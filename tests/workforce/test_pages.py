"""The 丹心向党 back-office pages: workflow buttons refuse objects outside the scope, a
ledger item is closed through the pages only with evidence and two different signers, the
five lists say 逾期 in words, and the compliance page, the dashboard section and the
indicators take a fixed number of queries."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.workforce import dashboard, services
from apps.workforce.models import OutsideTraining, RectificationItem
from tests import factories as f
from tests.access.matrix import SCOPED_ROLES
from tests.access.table_workforce import ACTIONS, ADMIN, OUTSIDE, VIEW, admin_page
from tests.conftest import client_for
from tests.workforce.factories import (
    ContactPointFactory,
    ResearchReportFactory,
    ResearchVisitFactory,
    RoundFactory,
    RuleFactory,
    StaffFactory,
    TrainingClassFactory,
    item,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", sorted(ACTIONS))
def test_a_workflow_page_on_an_object_outside_the_scope_is_404_and_writes_nothing(model, client, cast):
    make, urls = ACTIONS[model]
    obj = make(OUTSIDE)(cast)
    before = obj.history.count()
    browser = client_for(client, cast, "district")
    for url in urls:
        path = f"/admin/workforce/{model}/{obj.pk}/{url}/"
        assert browser.get(path).status_code == 404, path
        assert browser.post(path, {"confirm": "on", "note": "x", "on": "2026-12-01"}).status_code == 404, path
    assert obj.history.count() == before
    # The same page on an object of his own region opens.
    inside = make("广陵区")(cast)
    assert browser.get(f"/admin/workforce/{model}/{inside.pk}/{urls[0]}/").status_code == 200


def _pdf():
    return SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def test_an_item_runs_to_closure_through_the_pages_with_two_different_signers(client, cast):
    made = item(deadline=datetime.date(2026, 12, 31))
    base = f"/admin/workforce/rectificationitem/{made.pk}"
    staff = client_for(client, cast, "staff")
    # Reporting it done with no evidence: a Chinese refusal, nothing changes.
    response = staff.post(f"{base}/submit/", {"completed_on": timezone.localdate(), "outcome": "已整改"})
    assert response.status_code == 200 and "尚未上传佐证材料" in response.content.decode()
    made.refresh_from_db()
    assert made.status == "open"
    # A progress update dated before the item was created: refused.
    response = staff.post(f"{base}/progress/", {"on": "2020-01-01", "note": "已部署"})
    assert "不能早于整改事项的建立日期" in response.content.decode()
    assert staff.post(f"{base}/progress/", {"on": timezone.localdate(), "note": "已部署"}).status_code == 302
    assert staff.post(f"{base}/evidence/", {"title": "整改报告", "file": _pdf()}).status_code == 302
    assert (
        staff.post(f"{base}/submit/", {"completed_on": timezone.localdate(), "outcome": "台账已补齐"}).status_code
        == 302
    )
    assert staff.post(f"{base}/verify/", {"confirm": "on"}).status_code == 302
    # The verifier cannot sign it off too.
    response = staff.post(f"{base}/sign-off/", {"confirm": "on"})
    assert "复签人不能与验收人为同一人" in response.content.decode()
    client.logout()
    district = client_for(client, cast, "district")
    assert district.post(f"{base}/sign-off/", {"confirm": "on"}).status_code == 302
    made.refresh_from_db()
    assert made.status == "closed" and made.verifier == cast.staff and made.signed_off_by == cast.district
    assert made.rechecks.count() == 1


def test_editing_the_change_form_cannot_close_an_item(client, cast):
    made = item(deadline=datetime.date(2026, 12, 31))
    page = client_for(client, cast, "staff").get(f"/admin/workforce/rectificationitem/{made.pk}/change/")
    html = page.content.decode()
    assert 'name="status"' not in html and 'name="signed_off_by"' not in html


def test_the_five_lists_say_overdue_in_words_and_export(client, cast):
    item(problem="超期未整改的问题", deadline=datetime.date(2020, 1, 31))
    item(problem="邗江区的问题", region=f.region("邗江区"), deadline=datetime.date(2020, 1, 31))
    browser = client_for(client, cast, "district")
    html = browser.get("/admin/workforce/rectificationitem/lists/", {"list": "task"}).content.decode()
    assert "超期未整改的问题" in html and "邗江区的问题" not in html
    assert "⚠ 已逾期" in html
    for kind in ("problem", "task", "duty", "outcome", "archive"):
        response = browser.get("/admin/workforce/rectificationitem/lists/", {"list": kind, "export": "1"})
        assert response.status_code == 200, kind
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row >= 3, kind


# The compliance page's queries, pinned whatever the number of staff: the session, the user
# and the permission lookups of the admin, the units for the filter, the list's count and
# page (one aggregated query each) and the per-band counts (one).
COMPLIANCE_PAGE_QUERIES = 9


def test_the_compliance_page_lists_who_is_short_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for i in range(6):
        staff = StaffFactory(name=f"达标{i}")
        OutsideTraining.objects.create(
            staff=staff,
            kind="upper",
            title="进修",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 1),
            hours_offline=Decimal(95),
            graduated=True,
        )
        StaffFactory(name=f"未达标{i}")
    browser = client_for(client, cast, "staff")
    browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026})  # warm the session and caches
    with django_assert_num_queries(COMPLIANCE_PAGE_QUERIES):
        html = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "short": "1"}).content.decode()
    assert "未达标0" in html and "达标0" not in html.replace("未达标0", "")
    for i in range(6):  # as many again: the same queries
        StaffFactory(name=f"又一位{i}", unit=f"第{i}单位")
    with django_assert_num_queries(COMPLIANCE_PAGE_QUERIES):
        browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "short": "1", "band": "township"})
    response = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "export": "1"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert sum(1 for r in rows if r[-1] == "未达标") == 12


def _names(browser, **params) -> set[str]:
    html = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, **params}).content.decode()
    return {name for name in ("张达标", "张未达", "李县处", "王外单位") if f">{name}</a>" in html}


def _exported(browser, **params) -> list[str]:
    response = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "export": "1", **params})
    assert response.status_code == 200
    return sorted(r[0] for r in list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)[3:])


def test_the_compliance_page_searches_and_filters_and_exports_who_is_short(client, cast):
    met = StaffFactory(name="张达标")
    OutsideTraining.objects.create(
        staff=met,
        kind="upper",
        title="进修",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 1),
        hours_offline=Decimal(90),
        graduated=True,
    )
    StaffFactory(name="张未达", post="副科长")
    StaffFactory(name="李县处", rank_band="county")
    StaffFactory(name="王外单位", unit="广陵区委组织部")
    browser = client_for(client, cast, "staff")
    assert _names(browser) == {"张达标", "张未达", "李县处", "王外单位"}
    assert _names(browser, q="张") == {"张达标", "张未达"}
    assert _names(browser, q="副科长") == {"张未达"}
    assert _names(browser, band="county") == {"李县处"}
    assert _names(browser, unit="广陵区委组织部") == {"王外单位"}
    assert _names(browser, q="张", short="1") == {"张未达"}
    assert _names(browser, band="nonsense") == {"张达标", "张未达", "李县处", "王外单位"}
    html = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "q": "无此人"}).content.decode()
    assert "没有符合条件的工作人员" in html
    # The export follows the filters; "导出未达标人员名单" is who is short, whatever the checkbox.
    assert _exported(browser, band="township") == ["张未达", "张达标", "王外单位"]
    assert _exported(browser, q="张", short="1") == ["张未达"]
    assert (
        "short=1&amp;export=1"
        in browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026}).content.decode()
    )


# Every scoped role that may open the compliance page (its row in tests/access/table_workforce.py)
# sees its own region's staff only: on the page, in the unit filter, in the counts and in the export.
COMPLIANCE_SCOPED = sorted(VIEW & set(SCOPED_ROLES))


def test_the_compliance_row_of_the_matrix_is_still_true():
    assert ADMIN["workforce.staffmember"].extra["compliance"].expect == admin_page(VIEW, "").expect
    assert COMPLIANCE_SCOPED == ["district"]


@pytest.mark.parametrize("role", COMPLIANCE_SCOPED)
def test_the_compliance_page_shows_no_staff_outside_a_scoped_roles_region(client, cast, role):
    inside = StaffFactory(name="张区内", unit="广陵区委组织部")
    outside = StaffFactory(name="李区外", region=f.region(OUTSIDE), unit="邗江区委老干部局")
    user = getattr(cast, role)
    assert user.scope_region_id == inside.region_id != outside.region_id
    browser = client_for(client, cast, role)
    html = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026}).content.decode()
    assert ">张区内</a>" in html and "李区外" not in html and "邗江区委老干部局" not in html
    assert "广陵区委组织部" in html  # the unit filter lists the region's units only
    # Asking for the other region's unit by name finds nobody.
    html = browser.get("/admin/workforce/staffmember/compliance/", {"year": 2026, "unit": "邗江区委老干部局"})
    assert "没有符合条件的工作人员" in html.content.decode()
    assert _exported(browser) == ["张区内"]
    assert _exported(browser, short="1") == ["张区内"]


def _world():
    for i in range(3):
        staff = StaffFactory()
        cls = TrainingClassFactory()
        enrolment = services.enrolment_create(training_class=cls, staff=staff)
        at = timezone.make_aware(datetime.datetime(2026, 5, 11, 9))
        services.enrolment_sign_in(enrolment=enrolment, at=at)
        services.enrolment_sign_out(enrolment=enrolment, at=at + datetime.timedelta(hours=3))
        item(deadline=datetime.date(2020, 1, 1 + i))
        RuleFactory()
        ContactPointFactory()
        ResearchVisitFactory()
        ResearchReportFactory(award_level="provincial", award_grade="first", instruction="请研究吸收")


def test_the_dashboard_section_takes_nine_queries_whatever_the_size(django_assert_num_queries):
    filters = SimpleNamespace(year=2026, region_id=None, label="2026年 · 全市")
    _world()
    # Nine (the ceiling is twelve), the same at any size.
    with django_assert_num_queries(9) as small:
        data = dashboard.section_data(filters)
    _world()
    _world()
    with django_assert_num_queries(9) as large:
        bigger = dashboard.section_data(filters)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert data["rect"]["overdue"] == 3 and bigger["rect"]["overdue"] == 9
    assert bigger["awards"][1]["grades"][0] == 9
    tables = dashboard.section_tables(bigger)
    assert tables[0].rows[0] == ["培训班（个）", 9]


def test_the_dashboard_shows_and_exports_the_section(client, cast):
    _world()
    browser = client_for(client, cast, "leader")
    assert (
        "丹心向党 · 队伍建设"
        in browser.get(reverse("dashboard:index"), {"year": 2026, "brand": "loyal"}).content.decode()
    )
    book = openpyxl.load_workbook(
        io.BytesIO(browser.get(reverse("dashboard:export"), {"year": 2026, "brand": "loyal"}).content)
    )
    assert any("丹心向党" in name for name in book.sheetnames)


def test_indicators_per_region(cast):
    from apps.assessment.choices import UnitKind
    from apps.assessment.indicators import REGISTRY, TallyContext

    _world()
    RectificationItem.objects.update(region=f.region("广陵区"))
    ctx = TallyContext.build(year=2020, unit_kind=UnitKind.REGION, until=datetime.date(2020, 12, 31))
    gl = f.region("广陵区").pk
    # Three items due 1, 2 and 3 January 2020, still open at the year's end (a leap year).
    assert REGISTRY["workforce.rectification_overdue_days"].compute(ctx, {})[gl] == 365 + 364 + 363
    assert REGISTRY["workforce.rectification_on_time"].compute(ctx, {})[gl] == 0
    ctx = TallyContext.build(year=2026, unit_kind=UnitKind.REGION, until=datetime.date(2026, 12, 31))
    assert REGISTRY["workforce.research_awards"].compute(ctx, {})[gl] == 9


def test_an_item_added_in_the_back_office_without_a_deadline_gets_the_default(client, cast):
    from apps.core.workdays import add_working_days

    owner = StaffFactory(name="王科长")
    round_ = RoundFactory()
    form = {
        "problem": "组织生活台账不完整",
        "task": "补齐台账",
        "region": f.region("广陵区").pk,
        "rect_class": "immediate",
        "owner_staff": owner.pk,
        "progress-TOTAL_FORMS": 0,
        "progress-INITIAL_FORMS": 0,
        "files-TOTAL_FORMS": 0,
        "files-INITIAL_FORMS": 0,
        "rechecks-TOTAL_FORMS": 0,
        "rechecks-INITIAL_FORMS": 0,
        "_save": "保存",
    }
    browser = client_for(client, cast, "district")
    # Neither a round nor a source: a Chinese error on the form, nothing saved.
    response = browser.post("/admin/workforce/rectificationitem/add/", form)
    assert response.status_code == 200 and "请选择巡察轮次或填写问题来源" in response.content.decode()
    assert not RectificationItem.objects.exists()
    response = browser.post("/admin/workforce/rectificationitem/add/", {**form, "round": round_.pk})
    assert response.status_code == 302
    made = RectificationItem.objects.get()
    assert made.deadline == add_working_days(timezone.localdate(), 10)
    assert made.owner == "王科长" and made.source == round_.name
