"""The review deadline of a submitted log: N working days on the shared calendar."""

import datetime

import pytest

from apps.core.workdays import add_working_days
from apps.party import review_terms

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_deadline_skips_weekends_holidays_and_keeps_swapped_working_days():
    # Tue 30 Sep 2025: 国庆 1–8 Oct off, Sat 11 Oct worked → 7 working days end Thu 16 Oct.
    assert review_terms.review_deadline(D(2025, 9, 30), 7) == D(2025, 10, 16)
    assert review_terms.review_deadline(D(2025, 4, 1), 3) == D(2025, 4, 7)  # 清明 4–6 Apr off


@pytest.mark.parametrize("days", [0, 1, 3, 7, 30])
def test_the_bulk_deadlines_agree_with_the_calendar_day_by_day(days):
    first, last = D(2024, 12, 1), D(2025, 12, 31)
    found = review_terms.review_deadlines(first, last, days)
    assert len(found) == (last - first).days + 1
    for day, deadline in found.items():
        assert deadline == add_working_days(day, days), day
