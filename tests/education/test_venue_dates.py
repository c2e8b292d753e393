"""Venues are dated (启用日期/停用日期): the network and its coverage read on any day count
the venues open that day, in the one selector every page and the tally read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.assessment.indicators import REGISTRY, TallyContext
from apps.core.figures import Filters
from apps.education.dashboard import key_figures, section_data
from apps.education.models import DistrictBase, Venue
from apps.education.selectors import coverage, venues_open
from tests import factories as f
from tests.conftest import client_for
from tests.education.conftest import make_venue

pytestmark = pytest.mark.django_db

D = datetime.date


def _universities(region, day):
    return coverage([region.pk], as_of=day)[0]["universities"]


def test_a_venue_opened_after_the_date_does_not_count():
    gl = f.region("广陵区")
    make_venue("广陵区", opened_on=D(2024, 9, 1))
    assert _universities(gl, D(2024, 8, 31)) == 0
    assert coverage([gl.pk], as_of=D(2024, 8, 31))[0]["measures"][0]["value"] == Decimal(0)
    assert _universities(gl, D(2024, 9, 1)) == 1
    assert coverage([gl.pk], as_of=D(2024, 9, 1))[0]["measures"][0]["met"] is True
    # Undated: on the platform before its records began, so it counts on any day.
    make_venue("广陵区", name="广陵区老年大学分部")
    assert _universities(gl, D(2000, 1, 1)) == 1


def test_a_closed_venue_does_not_count_from_its_closing_day():
    gl = f.region("广陵区")
    make_venue("广陵区", opened_on=D(2015, 3, 1), closed_on=D(2025, 7, 1))
    assert _universities(gl, D(2025, 6, 30)) == 1
    assert _universities(gl, D(2025, 7, 1)) == 0
    assert _universities(gl, D(2026, 1, 1)) == 0
    assert list(venues_open(D(2025, 7, 1))) == []


def test_a_venue_cannot_close_before_it_opened():
    venue = Venue(
        name="某学习点",
        level="community",
        kind="learning_point",
        region=f.region("广陵区"),
        opened_on=D(2024, 5, 1),
        closed_on=D(2024, 5, 1),
    )
    with pytest.raises(ValidationError) as caught:
        venue.full_clean()
    assert "停用日期须晚于启用日期。" in caught.value.messages


def test_the_section_the_overview_and_the_tally_read_the_network_of_their_day():
    gl = f.region("广陵区")
    DistrictBase.objects.create(region=gl, townships=10, townships_with_school=6, villages=100, villages_with_point=40)
    make_venue("广陵区", opened_on=D(2010, 9, 1))
    make_venue("广陵区", name="东关社区学习点", level="community", kind="learning_point", opened_on=D(2025, 3, 1))
    make_venue("广陵区", name="汶河学习点", level="community", kind="learning_point", closed_on=D(2025, 1, 1))
    # The dashboard's section for a past year: its network at the year's end.
    old = section_data(Filters(year=2024, region=gl))
    new = section_data(Filters(year=2025, region=gl))
    assert dict(old["levels"])["社区（村）级"] == 1 and dict(new["levels"])["社区（村）级"] == 1
    assert old["network_on"] == D(2024, 12, 31)
    # The overview's headline figure is the same count, this year and the year before.
    days = [D(2024, 12, 31), D(2025, 12, 31)]
    assert key_figures(gl.pk, days)["venues"] == [sum(n for _, n in old["levels"]), sum(n for _, n in new["levels"])]
    assert key_figures(gl.pk, [D(2024, 12, 31), D(2025, 2, 1), D(2025, 3, 1)])["venues"] == [2, 1, 2]
    # The tally of a past year reads that year's network: no university before it opened.
    Venue.objects.filter(kind="university").update(opened_on=D(2025, 9, 1))
    for year, met in ((2024, 1), (2025, 2)):
        ctx = TallyContext.build(year=year, unit_kind="region", until=D(year, 12, 31))
        # Two of the four ratios measured from the base (township 60 % ≥ 50, village 40 % ≥ 30);
        # the university only once it has opened; participation has no elders (not met).
        assert REGISTRY["education.venue_coverage"].compute(ctx, {})[gl.pk] == Decimal(25 * met + 25), year


def test_the_coverage_page_reads_a_chosen_day(client, cast):
    make_venue("广陵区", opened_on=D(2024, 9, 1))
    c = client_for(client, cast, "district")
    url = reverse("admin:education_venue_coverage")
    before = c.get(url, {"date": "2024-08-31"})
    assert before.context["day"] == D(2024, 8, 31)
    assert [r["universities"] for r in before.context["rows"]] == [0]
    assert [r["universities"] for r in c.get(url).context["rows"]] == [1]
    assert c.get(url, {"date": "不是日期"}).status_code == 200
