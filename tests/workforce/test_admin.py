"""The 巡查整改清单 in the back office: an overdue item stands out in red as 已逾期, the
others stay neutral — never a green tick for "overdue" (issue 14, item 15)."""

import datetime
import re

import pytest

from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _cell(html: str, problem: str) -> str:
    """The 逾期 cell (the row's last cell) of the row naming ``problem``."""
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{problem}(?:(?!</tr>).)*</tr>", html, re.S).group(0)
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]


def test_overdue_items_are_red_and_labelled_the_rest_neutral(client, cast):
    f.RectificationItemFactory(problem="超期未整改的问题", deadline=datetime.date(2020, 1, 31), status="open")
    f.RectificationItemFactory(problem="期限未到的问题", deadline=datetime.date(2099, 1, 31), status="open")
    f.RectificationItemFactory(problem="早已完成的问题", deadline=datetime.date(2020, 1, 31), status="done")
    html = client_for(client, cast, "staff").get("/admin/workforce/rectificationitem/").content.decode()
    overdue = _cell(html, "超期未整改的问题")
    assert "已逾期" in overdue and "red" in overdue
    assert "icon-yes" not in overdue and "green" not in overdue
    for problem in ("期限未到的问题", "早已完成的问题"):
        cell = _cell(html, problem)
        assert "已逾期" not in cell
        assert "red" not in cell and "green" not in cell
        assert "icon-no" not in cell and "icon-yes" not in cell
