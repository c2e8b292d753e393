"""The dashboard's workbook, written by the project's one writer: one sheet per table,
every hazard of a name or a figure survives, formulae escaped, number formats kept."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.figures import INT, PCT, TEXT, Table
from apps.dashboard.export import workbook_bytes
from apps.party.models import Organisation
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR


def _tables():
    return [
        Table(
            key="a",
            title='“三会一课”"达标"',
            headers=["组织", "次数", "达标率"],
            kinds=[TEXT, INT, PCT],
            rows=[
                ["=HYPERLINK(1)", 1200, 0.5],
                ["支部\x07\ufffe\ud800", 3, float("nan")],
                ["<r>&</r>", 0, float("inf")],
            ],
            note="说明：\r\n第二行",
        ),
        Table(key="b", title='“三会一课”"达标"', headers=["x"], kinds=[INT], rows=[[1]]),
    ]


def test_every_table_round_trips_through_openpyxl():
    data = workbook_bytes(_tables(), title="看板 · 全市", generated_at="2025-07-01 09:00")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ['“三会一课”"达标"', '“三会一课”"达标"(2)']
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert rows[0][0] == '看板 · 全市 · “三会一课”"达标"'
    assert rows[1][0] == "导出时间：2025-07-01 09:00"
    assert rows[2][0] == "说明：\n第二行"
    assert rows[4] == ["组织", "次数", "达标率"]
    assert rows[5] == ["'=HYPERLINK(1)", 1200, 0.5]
    assert rows[6] == ["支部\ufffd\ufffd", 3, None]
    assert rows[7] == ["<r>&</r>", 0, None]
    sheet = book.worksheets[0]
    assert sheet["B6"].number_format == "#,##0"
    assert sheet["C6"].number_format == "0.0%"
    assert sheet["A1"].font.b and sheet["A5"].font.b
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.django_db
def test_the_export_view_survives_control_characters_in_names(client, cast, world, no_cache):
    Organisation.objects.filter(pk=world.orgs["B1"].pk).update(name="支部\x07名称")
    response = client_for(client, cast, "district").get(
        reverse("dashboard:export"), {"year": YEAR, "brand": "vanguard"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    names = [r[0] for r in book["“三会一课”达标情况（按月）"].iter_rows(values_only=True) if r]
    assert "支部名称" in names
