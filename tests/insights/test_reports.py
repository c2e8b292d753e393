"""草根内参: numbering, forwarding with the feedback deadline as data, 批示 and adoption,
dates checked, scope, anonymity, the monthly counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.insights import selectors, services
from apps.insights.choices import ReportStatus
from apps.insights.models import FeedbackRule, Informant, InsightCategory, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def informant(cast):
    return Informant.objects.create(
        name="周建国", region=cast.team.region, phone="13812345678", joined_on=datetime.date(2024, 1, 1)
    )


@pytest.fixture
def other_informant(cast):
    return Informant.objects.create(name="钱秀兰", region=cast.other_team.region, joined_on=datetime.date(2024, 1, 1))


def _submit(user, informant, **extra):
    fields = {
        "user": user,
        "informant": informant,
        "title": "老旧小区加装电梯审批繁琐",
        "content": "建议简化流程。",
        "category": InsightCategory.objects.get(name="政策建议"),
        "submitted_on": timezone.localdate() - datetime.timedelta(days=20),
        "place": "东关街道",
    }
    fields.update(extra)
    return services.report_submit(**fields)


def test_the_whole_path_with_numbers_in_sequence_and_the_feedback_deadline(cast, informant):
    today = timezone.localdate()
    first = _submit(cast.district, informant)
    second = _submit(cast.district, informant)
    day = first.submitted_on
    first = services.report_register(user=cast.district, report=first, registered_on=day + datetime.timedelta(days=1))
    second = services.report_register(user=cast.staff, report=second, registered_on=day + datetime.timedelta(days=1))
    assert first.number == f"NC{first.registered_on:%Y}-0001"
    assert second.number == f"NC{second.registered_on:%Y}-0002"
    assert not first.adopted
    forwarded_on = day + datetime.timedelta(days=2)
    first = services.report_forward(user=cast.district, report=first, department="市民政局", forwarded_on=forwarded_on)
    assert first.feedback_due == services.add_months(forwarded_on, 1)
    first = services.report_instruct(
        user=cast.district,
        report=first,
        instruction="请研究办理。",
        instructed_by="市委领导",
        instructed_on=forwarded_on,
    )
    assert first.adopted
    first = services.report_answer(user=cast.district, report=first, answer="已办理", answered_on=today)
    first = services.report_feedback(user=cast.district, report=first, feedback="已告知", fed_back_on=today)
    assert first.status == ReportStatus.FED_BACK
    assert first.history.count() == 6


def test_the_feedback_deadline_is_data(cast, informant):
    FeedbackRule.objects.create(months=2)
    report = _submit(cast.staff, informant, submitted_on=datetime.date(2026, 1, 20))
    report = services.report_register(user=cast.staff, report=report, registered_on=report.submitted_on)
    report = services.report_forward(
        user=cast.staff, report=report, department="市卫健委", forwarded_on=datetime.date(2026, 1, 31)
    )
    assert report.feedback_due == datetime.date(2026, 3, 31)


def test_bad_dates_and_out_of_order_steps_are_refused_in_chinese(cast, informant):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        _submit(cast.staff, informant, submitted_on=today + datetime.timedelta(days=1), title="")
    assert exc.value.message_dict["submitted_on"] == ["报送日期不能晚于今天。"]
    assert exc.value.message_dict["title"] == ["请填写标题。"]
    assert not Report.objects.exists()
    report = _submit(cast.staff, informant)
    with pytest.raises(ValidationError) as exc:
        services.report_forward(user=cast.staff, report=report, department="民政局", forwarded_on=today)
    assert "待登记" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.report_register(
            user=cast.staff, report=report, registered_on=report.submitted_on - datetime.timedelta(days=1)
        )
    assert "登记日期不能早于报送日期" in exc.value.messages[0]
    report.refresh_from_db()
    assert (report.status, report.number) == (ReportStatus.SUBMITTED, None)


def test_scope_and_permission(cast, informant, other_informant):
    with pytest.raises(ValidationError):
        _submit(cast.district, other_informant)
    report = _submit(cast.staff, other_informant)
    with pytest.raises(ValidationError) as exc:
        services.report_register(user=cast.district, report=report, registered_on=report.submitted_on)
    assert "不在您的数据权限范围内" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.report_register(user=cast.leader, report=report, registered_on=report.submitted_on)


def test_anonymous_author_is_hidden_in_list_and_export(client, cast, informant):
    _submit(cast.staff, informant, anonymous=True, title="匿名反映的问题")
    client.force_login(cast.staff)
    body = client.get("/admin/insights/report/").content.decode()
    assert "匿名反映的问题" in body and "周建国" not in body
    from apps.insights.resources import ReportResource

    rows = list(ReportResource(user=cast.staff).export().dict)
    assert rows[0]["作者"] == "匿名"


def test_monthly_counts_and_adoption(client, cast, informant, other_informant, django_assert_max_num_queries):
    year = timezone.localdate().year
    for day in (datetime.date(year, 1, 5), datetime.date(year, 1, 20), datetime.date(year, 3, 2)):
        if day <= timezone.localdate():
            report = _submit(cast.staff, informant, submitted_on=day)
    services.report_register(user=cast.staff, report=report, registered_on=report.submitted_on, adopted=True)
    _submit(cast.staff, other_informant, submitted_on=datetime.date(year, 1, 7))
    rows = {row["informant"].name: row for row in selectors.monthly_counts(cast.district, year)}
    assert set(rows) == {"周建国"}
    assert rows["周建国"]["months"][:3] == [2, 0, 1]
    assert rows["周建国"]["adopted"] == 1
    figures = selectors.adoption_figures(Report.objects.for_user(cast.staff))
    assert (figures["total"], figures["registered"], figures["adopted"]) == (4, 1, 1)
    client.force_login(cast.district)
    with django_assert_max_num_queries(12):
        response = client.get(f"/admin/insights/report/monthly/?year={year}")
    assert response.status_code == 200
    assert "周建国" in response.content.decode() and "钱秀兰" not in response.content.decode()


def test_adopted_indicator_counts_per_region(cast, informant):
    from apps.assessment.choices import UnitKind
    from apps.assessment.indicators import REGISTRY, TallyContext
    from apps.regions.models import Region

    report = _submit(cast.staff, informant)
    services.report_register(user=cast.staff, report=report, registered_on=report.submitted_on, adopted=True)
    _submit(cast.staff, informant)
    year = report.submitted_on.year
    ctx = TallyContext(year=year, unit_kind=UnitKind.REGION, until=timezone.localdate())
    ctx.units = {pk: (name, pk) for pk, name in Region.objects.values_list("pk", "name")}
    result = REGISTRY["insights.adopted"].compute(ctx, {})
    assert result[cast.team.region.pk] == 1
    assert result[cast.other_team.region.pk] == 0


def test_admin_add_with_an_attachment_and_a_step_refused_in_chinese(client, cast, informant, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.district)
    data = {
        "informant": informant.pk,
        "title": "公交站台缺少座椅",
        "content": "老人候车不便。",
        "category": InsightCategory.objects.get(name="社情民意").pk,
        "place": "文昌中路",
        "submitted_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg"),
        "attachments-0-name": "现场照片",
    }
    future = {**data, "submitted_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}
    future["attachments-0-file"] = SimpleUploadedFile("photo.jpg", b"\xff\xd8", content_type="image/jpeg")
    response = client.post("/admin/insights/report/add/", future)
    assert response.status_code == 200 and "报送日期不能晚于今天" in response.content.decode()
    data["attachments-0-file"].seek(0)
    response = client.post("/admin/insights/report/add/", data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.region, report.created_by, report.attachments.count()) == (informant.region, cast.district, 1)
    response = client.post(
        f"/admin/insights/report/{report.pk}/forward/",
        {"department": "市交通局", "forwarded_on": timezone.localdate().isoformat()},
    )
    assert "不能转办" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_an_attachment_of_another_kind_is_refused(client, cast, informant, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.district)
    data = {
        "informant": informant.pk,
        "title": "标题",
        "content": "内容",
        "category": InsightCategory.objects.get(name="社情民意").pk,
        "submitted_on": timezone.localdate().isoformat(),
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"),
    }
    response = client.post("/admin/insights/report/add/", data)
    assert response.status_code == 200
    assert "附件只能是PDF、Word或图片" in response.content.decode()
    assert not Report.objects.exists()
