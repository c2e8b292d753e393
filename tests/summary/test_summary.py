"""The year's work summary: figures from the dashboard's own selectors, staff's wording
around them, Word and PDF files, scope, and a failed run that loses nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from apps.core.figures import Filters
from apps.party.dashboard import dashboard_data
from apps.summary import builder, documents, services
from apps.summary.models import SummaryJob, SummaryJobStatus, SummaryTemplate
from apps.summary.wording import check_template
from tests import factories as f
from tests.conftest import client_for

YEAR = 2026
# The sections fold their queries (绿扬霞光 and 服务保障 one fewer each, read twice for an ended
# year), so the summary reads no more than the dashboard does. 银发先锋's region rows are two
# queries (the regions, then every table once grouped by region; issue 13).
PINNED_QUERIES = {YEAR: 50, YEAR - 1: 82}


@pytest.fixture
def city(cast):
    for org in (cast.branch, cast.other_branch):
        for _ in range(3):
            f.MembershipFactory(organisation=org)
    return cast


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_figure_of_the_party_part_is_the_dashboards(city):
    summary = builder.collect(YEAR)
    figures = {f["key"]: f for f in dashboard_data(Filters(year=YEAR))["figures"]}
    vanguard = next(part for part in summary.parts if part.key == "vanguard")
    text = "".join(vanguard.paragraphs)
    assert f"党组织{builder.figure_text(figures['organisations'])}" in text
    assert figures["members"]["value"] == 6
    assert "覆盖党员6人" in text
    # The main figures table carries every figure of the dashboard, in its order.
    table = vanguard.tables[0]
    assert [row[0] for row in table.rows] == [f["label"] for f in figures.values()]


def test_staff_change_the_wording_never_the_figures(city):
    SummaryTemplate.objects.update_or_create(
        part="vanguard", defaults={"heading": "党建", "body": "今年党员〔党员〕。\n\n第二段：〔年份〕。"}
    )
    part = next(p for p in builder.collect(YEAR).parts if p.key == "vanguard")
    assert part.heading == "党建"
    assert part.paragraphs == ["今年党员6人。", f"第二段：{YEAR}。"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("党员〔党员人数〕", "〔党员人数〕 不存在"),
        ("党员〔党员", "不成对"),
        ("   ", "不能为空"),
    ],
)
def test_a_template_naming_what_is_not_a_figure_is_refused(city, body, message):
    assert message in check_template(body, builder.placeholder_names("vanguard"))
    with pytest.raises(ValidationError) as exc:
        SummaryTemplate(part="vanguard", body=body).full_clean()
    assert "body" in exc.value.message_dict


def test_a_part_that_is_no_brand_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        SummaryTemplate(part="nobrand", body="〔年份〕").full_clean()
    assert "part" in exc.value.message_dict


def test_the_starting_wording_names_only_real_figures(city):
    body = SummaryTemplate.objects.get(part="vanguard").body
    assert check_template(body, builder.placeholder_names("vanguard")) == ""


def test_word_and_pdf_hold_the_summary(city):
    summary = builder.collect(YEAR)
    text = _docx_text(documents.docx_bytes(summary))
    assert summary.title in text
    assert "银发先锋" in text and "覆盖党员6人" in text
    pdf = documents.pdf_bytes(summary)
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf


@pytest.fixture
def eager():
    """The job runs in the process here, with or without a broker (REDIS_URL) configured."""
    from cadre_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_run_through_the_page_is_downloaded_as_word_and_pdf(city, client, django_capture_on_commit_callbacks, eager):
    c = client_for(client, city, "staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/summary/", {"year": YEAR, "region": ""})
    assert response.status_code == 302
    job = SummaryJob.objects.get(user=city.staff)
    assert job.status == SummaryJobStatus.SUCCEEDED and job.progress == 100
    response = c.get(f"/summary/{job.pk}/docx/")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert f"全市{YEAR}年度老干部工作总结" in _docx_text(b"".join(response.streaming_content))
    assert c.get(f"/summary/{job.pk}/pdf/").status_code == 200
    from apps.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", object_id=str(job.pk)).count() == 2


def test_district_staff_write_their_own_region_only(city):
    own, other = city.branch.region, city.other_branch.region
    assert services.summary_request(user=city.district, year=YEAR).region == own
    with pytest.raises(PermissionDenied):
        services.summary_request(user=city.district, year=YEAR, region=other)
    with pytest.raises(PermissionDenied):
        services.summary_request(user=city.secretary, year=YEAR)
    with pytest.raises(ValidationError):
        services.summary_request(user=city.staff, year=2014)


def test_another_users_run_is_not_found(city, client):
    job = services.summary_request(user=city.staff, year=YEAR)
    services.summary_run(job_id=job.pk)
    assert client_for(client, city, "leader").get(f"/summary/{job.pk}/docx/").status_code == 404


def test_a_failed_run_keeps_the_earlier_files(city, monkeypatch):
    first = services.summary_run(job_id=services.summary_request(user=city.staff, year=YEAR).pk)
    assert first.status == SummaryJobStatus.SUCCEEDED

    def broken(summary):
        raise RuntimeError("disk full")

    monkeypatch.setattr(documents, "pdf_bytes", broken)
    second = services.summary_run(job_id=services.summary_request(user=city.staff, year=YEAR).pk)
    assert second.status == SummaryJobStatus.FAILED
    assert "生成失败" in second.message and not second.docx and not second.pdf
    first.refresh_from_db()
    assert first.docx.storage.exists(first.docx.name) and first.pdf.storage.exists(first.pdf.name)


@pytest.mark.parametrize("year", [YEAR, YEAR - 1], ids=["year-running", "year-ended-with-last-years-change"])
def test_the_query_count_does_not_grow_with_the_regions(city, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        builder.collect(year)
    for name in ("江都区", "仪征市", "高邮市", "宝应县"):
        org = f.OrganisationFactory(region=f.region(name))
        f.MembershipFactory(organisation=org)
    with CaptureQueriesContext(connection) as six:
        builder.collect(year)
    assert len(six) == len(two)
    # Pinned: each section's selector once (twice once the year has ended), the wording
    # once, the assessment once.
    assert len(six) == PINNED_QUERIES[year]


def test_rates_and_their_changes_are_written_rounded_once_half_up():
    rate = {"label": "达标率", "value": 10 / 33, "percent": True, "change": 0.0265, "previous": 0.277}
    assert builder.figure_text(rate) == "30.3%"
    assert builder.change_text(rate) == "比上年同期提高2.7 个百分点"
    assert builder.change_text({**rate, "change": -0.0004}) == "与上年同期持平"
    count = {"label": "党员", "value": 2284, "unit": "人", "change": -12, "previous": 2296}
    assert builder.figure_text(count) == "2,284人"
    assert builder.change_text(count) == "比上年同期减少12人"
