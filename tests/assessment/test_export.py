"""Excel export of the whole result matrix: every indicator's raw value and score, scoped."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.assessment import services
from apps.assessment.choices import RunTrigger, UnitKind
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def scheme(build, cast):
    build.branch('=HYPERLINK("http://x")支部', region="邗江区")
    for month in range(1, 7):
        build.log(cast.branch, "theme_day", datetime.date(YEAR, month, 1))
    scheme = build.scheme(unit_kind=UnitKind.ORGANISATION, indicators=[THEME_DAY, MANUAL])
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    services.tally_execute(run_id=run.pk)
    return scheme


def test_staff_export_the_whole_matrix(client, cast, scheme):
    rows = rows_of(client_for(client, cast, "staff").get(reverse("assessment:export", args=[scheme.pk])))
    assert rows[0] == [
        "名次",
        "单位",
        "所属区域",
        "总分",
        "等次",
        "A1 主题党日开展率（原始值）",
        "A1 主题党日开展率（得分）",
        "Z1 考评组评价（原始值）",
        "Z1 考评组评价（得分）",
    ]
    assert len(rows) == 4  # header + three branches
    first = rows[1]
    assert first[:5] == [1, cast.branch.name, "广陵区", 10, "二等次"]
    assert first[5:] == [50, 5, None, 5]
    # A unit name that looks like a formula is written as text.
    assert '\'=HYPERLINK("http://x")支部' in [row[1] for row in rows]


def test_district_staff_export_only_their_region(client, cast, scheme):
    rows = rows_of(client_for(client, cast, "district").get(reverse("assessment:export", args=[scheme.pk])))
    assert [row[1] for row in rows[1:]] == [cast.branch.name]


def test_unit_names_with_characters_xml_cannot_carry_are_exported(client, cast, build):
    build.branch("支部\x07\ufffe<r>&</r>", region="邗江区")
    scheme = build.scheme(unit_kind=UnitKind.ORGANISATION, indicators=[THEME_DAY])
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    services.tally_execute(run_id=run.pk)
    response = client_for(client, cast, "staff").get(reverse("assessment:export", args=[scheme.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "支部\ufffd<r>&</r>" in [row[1] for row in sheet.iter_rows(values_only=True)]


def test_the_export_is_named_in_chinese_with_scope_and_date(client, cast, scheme):
    import re
    from urllib.parse import unquote

    from django.utils import timezone

    response = client_for(client, cast, "district").get(reverse("assessment:export", args=[scheme.pk]))
    name = unquote(re.search(r"filename\*=UTF-8''([^;]+)", response["Content-Disposition"]).group(1))
    assert name == f"{YEAR}年考评结果-党组织（党支部）-广陵区-{timezone.localdate().isoformat()}.xlsx"
