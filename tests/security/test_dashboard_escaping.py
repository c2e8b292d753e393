"""The dashboard's chart tooltips are HTML (ECharts): every name in them is escaped.

An organisation, region or assessed unit is named by staff; CSP stops script, but markup
and CSS in a name must still show as text. ``static/dashboard/dashboard.js`` runs in node
against a stand-in page and ECharts (``js/dashboard_tooltips.js``); each chart's tooltip
formatter is called as ECharts calls it, with the real dashboard payload whose names are
hostile, and the HTML it returns is parsed here.
"""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apps.party import dashboard as selectors
from tests import factories as f
from tests.dashboard.conftest import YEAR, build_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).resolve().parent / "js" / "dashboard_tooltips.js"
HOSTILE = '<img src=x onerror=alert(1)><b style="color:red;font-size:90px">'
# What a tooltip may contain besides text: ECharts' colour marker (a span whose colour is
# ours) and line breaks.
ALLOWED_TAGS = {"span", "br"}


class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup


@pytest.fixture
def payload(cast):
    """The dashboard's real data for 广陵区 (its branches are the heat map's rows) with a
    hostile name in every place a name can come from."""
    world = build_world(cast)
    world.orgs["B1"].name = HOSTILE + "党支部"
    world.orgs["B1"].save(update_fields=["name"])
    data = selectors.dashboard_data(selectors.Filters(year=YEAR, region=f.region("广陵区")))
    assert any(row["name"].startswith(HOSTILE) for row in data["compliance"]["rows"])
    for row in data["regions"]:
        row["name"] = HOSTILE + row["name"]
    for row in data["types"]:
        row["label"] = HOSTILE + row["label"]
    data["monthly"]["labels"] = [HOSTILE + label for label in data["monthly"]["labels"]]
    data["assessment"] = {"ranking": [{"rank": 1, "name": HOSTILE + "广陵区", "score": 91.5, "grade": HOSTILE}]}
    return data


def run_harness(data, tmp_path) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the dashboard's chart code (apt-get install nodejs)")
    data_file = tmp_path / "data.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    done = subprocess.run(
        [node, str(HARNESS), str(ROOT / "static" / "dashboard" / "dashboard.js"), str(data_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_chart_tooltip_is_formatted_by_the_page_not_by_a_template(payload, tmp_path):
    charts = run_harness(payload, tmp_path)
    assert set(charts) == {"regions", "monthly", "types", "compliance", "assessment"}
    # A string template or ECharts' default would put names into HTML unescaped by us.
    assert {key: chart["kind"] for key, chart in charts.items()} == dict.fromkeys(charts, "function")


def test_hostile_names_reach_the_tooltips_as_text_only(payload, tmp_path):
    charts = run_harness(payload, tmp_path)
    for key, chart in charts.items():
        assert chart["html"], key
        shown = False
        for html in chart["html"]:
            markup = parse(html)
            assert {tag for tag, _ in markup.tags} <= ALLOWED_TAGS, (key, html)
            assert not [attrs for _, attrs in markup.tags if any(a.startswith("on") for a in attrs)], (key, html)
            shown = shown or HOSTILE in "".join(markup.text)
        # The name is shown, as the characters it is made of.
        assert shown, (key, chart["html"][:2])


def test_the_heat_map_tooltip_names_the_branch_month_and_share(payload, tmp_path):
    html = run_harness(payload, tmp_path)["compliance"]["html"]
    texts = ["".join(parse(h).text) for h in html]
    hostile = [t for t in texts if t.startswith(HOSTILE + "党支部")]
    assert hostile and all("月：" in t and t.endswith("%") for t in hostile), hostile[:3]
