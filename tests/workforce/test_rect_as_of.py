"""丹心向党's rectification figures read as at a day (issue 19): a past year's section, its
summary and its indicators count the items of rounds fed back by that year's end, closed
meaning closed by then, and do not repeat today's ledger for every year."""

import datetime

import pytest
from django.utils import timezone

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import REGISTRY, TallyContext
from apps.core.figures import Filters
from apps.summary import readings
from apps.workforce import choices as c
from apps.workforce import dashboard
from apps.workforce.models import RectificationItem, RectificationRound
from tests import factories as f

pytestmark = pytest.mark.django_db

S = c.RectificationStatus


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def ledger():
    """Two whole past years: Y1's round (items A, B, D) and Y2's (item C)."""
    y2 = timezone.localdate().year - 1
    y1 = y2 - 1
    region = f.region("广陵区")
    r1 = RectificationRound.objects.create(name="一轮", region=region, feedback_on=datetime.date(y1, 3, 1))
    r2 = RectificationRound.objects.create(name="二轮", region=region, feedback_on=datetime.date(y2, 3, 1))

    def item(round_, deadline, status, completed_on=None, closed_on=None):
        return RectificationItem.objects.create(
            round=round_,
            source="巡察反馈",
            problem="问题",
            region=region,
            deadline=deadline,
            status=status,
            completed_on=completed_on,
            closed_at=_at(closed_on) if closed_on else None,
        )

    d = datetime.date
    item(r1, d(y1, 6, 30), S.CLOSED, d(y1, 6, 20), d(y1, 7, 1))  # A: closed on time in Y1
    item(r1, d(y1, 9, 30), S.CLOSED, d(y2, 1, 10), d(y2, 1, 20))  # B: overdue at Y1's end, closed in Y2
    item(r2, d(y2, 6, 30), S.OPEN)  # C: Y2's round, overdue
    item(r1, d(y1, 12, 31), S.DONE, d(y1, 11, 1))  # D: awaiting checks since Y1
    return y1, y2, region


def test_a_past_year_reads_its_own_ledger(ledger):
    y1, y2, _ = ledger
    first = dashboard.section_data(Filters(year=y1))["rect"]
    second = dashboard.section_data(Filters(year=y2))["rect"]
    assert first == {"total": 3, "closed": 1, "closed_on_time": 1, "pending": 1, "overdue": 1, "overdue_days": 92}
    days_c = (datetime.date(y2, 12, 31) - datetime.date(y2, 6, 30)).days
    assert second == {"total": 4, "closed": 2, "closed_on_time": 1, "pending": 1, "overdue": 1, "overdue_days": days_c}


def test_the_summary_repeats_the_year_s_figures(ledger):
    y1, y2, _ = ledger
    data = {y: dashboard.section_data(Filters(year=y)) for y in (y1, y2)}
    figures = {x["key"]: x for x in readings.workforce(data[y2], data[y1], None).figures}
    assert (figures["rect_total"]["value"], figures["rect_total"]["previous"]) == (4, 3)
    assert (figures["rect_closed"]["value"], figures["rect_closed"]["previous"]) == (2, 1)


def test_the_indicators_read_the_same_day(ledger):
    y1, _, region = ledger
    ctx = TallyContext.build(year=y1, unit_kind=UnitKind.REGION, until=datetime.date(y1, 12, 31))
    # B was still open at Y1's end: 92 days overdue (today it is closed).
    assert REGISTRY["workforce.rectification_overdue_days"].compute(ctx, {})[region.pk] == 92
    # Due in Y1: A, B, D; A alone closed on time by then (a percentage).
    share = REGISTRY["workforce.rectification_on_time"].compute(ctx, {})[region.pk]
    assert float(share) == pytest.approx(100 / 3)


def test_today_reads_today_s_status(ledger):
    year = timezone.localdate().year
    rect = dashboard.section_data(Filters(year=year))["rect"]
    items = RectificationItem.objects.all()
    assert rect["total"] == items.count() == 4
    assert rect["closed"] == items.filter(status=S.CLOSED).count()
    assert rect["pending"] == items.filter(status__in=[S.DONE, S.VERIFIED]).count()
    assert rect["overdue"] == items.overdue().count()
