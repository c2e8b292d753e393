"""Every brand's tab has charts (issue 19): each drawn from a table its section shows (the
table is the chart's text alternative), its numbers in a json_script beside it (no inline
script), the same numbers as the table's columns."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from apps.core.figures import INT, PCT, TEXT, Table
from apps.volunteers import services as s
from tests.conftest import client_for
from tests.dashboard.conftest import YEAR
from tests.volunteers.conftest import activity, member

pytestmark = pytest.mark.django_db

CHART = re.compile(r'data-table-chart="([^"]+)"')
SCRIPT = re.compile(r'<script id="([^"]+)" type="application/json">(.*?)</script>', re.S)


def _render(table, *args):
    source = (
        "{% load figures %}{% table_chart table "
        + " ".join(f'"{a}"' if isinstance(a, str) else str(a) for a in args)
        + " %}"
    )
    return Template(source).render(Context({"table": table}))


def test_table_chart_plots_the_chosen_columns():
    table = Table(
        "t-regions",
        "各地<情况>",
        ["区域", "点单", "满意率"],
        [TEXT, INT, PCT],
        rows=[["广陵区", 3, 0.875], ["邗江区", 0, "本期无"]],
    )
    html = _render(table, "hbar", 1, 2)
    assert 'data-table-chart="chart-data-t-regions"' in html
    assert 'aria-label="各地&lt;情况&gt;图表，数据见下表"' in html
    ((element_id, payload),) = SCRIPT.findall(html)
    assert element_id == "chart-data-t-regions"
    spec = json.loads(payload)
    assert spec == {
        "kind": "hbar",
        "labels": ["广陵区", "邗江区"],
        "series": [
            {"name": "点单", "data": [3.0, 0.0], "percent": False},
            {"name": "满意率", "data": [87.5, None], "percent": True},
        ],
    }


def test_table_chart_draws_nothing_without_a_number():
    empty = Table("t", "空表", ["区域", "点单"], [TEXT, INT])
    zeros = Table("t", "零", ["区域", "点单"], [TEXT, INT], rows=[["广陵区", 0]])
    assert _render(empty, "bar", 1) == "" and _render(zeros, "bar", 1) == ""
    decimals = Table("t", "时长", ["月份", "时长"], [TEXT, INT], rows=[["1月", Decimal("2.5")]])
    assert '"data": [2.5]' in _render(decimals, "line", 1)


def test_every_chart_on_every_tab_is_its_tables_numbers(client, cast, world, no_cache):
    """On each part of each brand's tab, every chart names a json_script on the page whose
    labels are a table's first column; the page loads charts.js (CSP: no inline script)."""
    volunteer = member(cast.team)
    records = s.records_enter(
        activity=activity(cast.team, date=datetime.date(YEAR, 3, 2)),
        entries=[s.HoursEntry(member=volunteer, hours=Decimal(3))],
    )
    s.records_confirm(records=records, user=None)
    leader = client_for(client, cast, "leader")
    url = reverse("dashboard:index")
    tabs = leader.get(url, {"year": YEAR}).context["tabs"]
    charted = set()
    for tab in tabs[1:]:
        for part in tab["parts"]:
            html = leader.get(url, {"year": YEAR, "brand": tab["key"], "part": part["key"]}).content.decode()
            assert "dashboard/charts.js" in html
            scripts = dict(SCRIPT.findall(html))
            assert "<script>" not in html
            for element_id in CHART.findall(html):
                spec = json.loads(scripts[element_id])
                assert spec["labels"] and all(len(s["data"]) == len(spec["labels"]) for s in spec["series"])
                charted.add(part["key"])
    assert "afterglow" in charted, charted
