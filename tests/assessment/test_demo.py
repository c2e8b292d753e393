"""The demo leaves the year ready to walk through as demo_staff."""

import datetime
import os
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.assessment import services
from apps.assessment.choices import RunStatus, SchemeStatus, UnitKind
from apps.assessment.models import Appeal, Result, ResultItem, Scheme, TallyRun
from apps.assessment.selectors import ranking
from apps.core.figures import half_up
from tests.conftest import module_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module: every test here reads it, and each one's own
    writes are rolled back (``module_data``)."""

    def seed():
        call_command("seed_demo", quiet_accounts=True, stdout=open(os.devnull, "w"))  # noqa: SIM115

    with module_data(django_db_blocker, seed):
        yield


def test_the_demo_has_finished_years_and_one_in_progress():
    schemes = {(s.year, s.unit_kind): s.status for s in Scheme.objects.all()}
    assert schemes == {
        (2024, UnitKind.REGION): SchemeStatus.LOCKED,
        (2025, UnitKind.REGION): SchemeStatus.LOCKED,
        (2025, UnitKind.ORGANISATION): SchemeStatus.LOCKED,
        (2026, UnitKind.ORGANISATION): SchemeStatus.EVALUATING,
    }
    assert TallyRun.objects.filter(status=RunStatus.COMPLETED, is_current=True).count() == 3
    assert Appeal.objects.filter(status="rejected").count() == 3
    region_2025 = Scheme.objects.get(year=2025, unit_kind=UnitKind.REGION)
    assert len(ranking(scheme=region_2025, user=User.objects.get(username="demo_leader"))) == 10
    assert len(ranking(scheme=region_2025, user=User.objects.get(username="demo_district"))) == 1
    # demo_staff's walk-through starts by copying last year's region scheme.
    copy = services.scheme_copy(scheme=region_2025)
    assert (copy.year, copy.indicators.count(), copy.grade_rules.count()) == (2026, 18, 3)
    assert [(g.brand, g.weight) for g in copy.groups.all()] == [(g.brand, g.weight) for g in region_2025.groups.all()]


def _shown(value):
    """Compared where both are exact: to 10 places (the stored value keeps 12)."""
    return None if value is None else half_up(value, 10)


def _share(part, whole):
    return D(part) * 100 / D(whole) if whole else None


def test_the_four_brand_region_scheme_agrees_with_each_brands_own_selectors(client):
    """The demo's region scheme carries the four brands in weighted groups; copied for 2026
    and tallied, each brand's scorecard figure equals the figure of that brand's own
    selector (one selector per figure), and every automatic item links to its records."""
    from apps.care.selectors import sanyou_coverage
    from apps.education.selectors import coverage
    from apps.orders.models import OrderEvent, ServiceOrder
    from apps.orders.selectors import figures as order_figures
    from apps.party.selectors import training_coverage
    from apps.regions.models import Region
    from apps.volunteers.models import Activity
    from apps.volunteers.selectors import records_on_time
    from apps.workforce.models import StaffMember
    from apps.workforce.selectors import training_summary

    region_2025 = Scheme.objects.get(year=2025, unit_kind=UnitKind.REGION)
    groups = [(g.get_brand_display(), g.weight) for g in region_2025.groups.all()]
    assert groups == [("银发先锋", 40), ("绿扬霞光", 20), ("牵手夕阳", 15), ("丹心向党", 10), ("综合评价", 15)]
    brands = set(region_2025.indicators.filter(kind="automatic").values_list("brand", flat=True))
    assert brands == {"vanguard", "afterglow", "sunset", "loyal"}

    scheme = services.scheme_open(scheme=services.scheme_copy(scheme=region_2025))
    run = services.tally_execute(run_id=services._run_create(scheme=scheme, by=None, trigger="manual").pk)
    assert run.status == RunStatus.COMPLETED, run.error
    last_day = min(datetime.date(2026, 12, 31), timezone.localdate())
    start = timezone.make_aware(datetime.datetime(2026, 1, 1))
    end = timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time()))
    party = {row["region_id"]: row for row in training_coverage(as_of=last_day)["regions"]}
    sanyou_rows = {row["person__region"]: row for row in sanyou_coverage(today=last_day)}
    checked = 0
    for result in Result.objects.filter(run=run).select_related("region"):
        region = result.region
        raw = {i.indicator.code: i.raw_value for i in result.items.select_related("indicator")}
        # 银发先锋: 书记轮训覆盖率, as on the coverage page.
        assert _shown(raw["A3"]) == _shown(_share(party[region.pk]["trained"], party[region.pk]["serving"]))
        # 绿扬霞光: records on time, as on the team's page; order acceptance, as on 四单服务.
        on_time, due = records_on_time(
            Activity.objects.filter(
                team__region=region, date__gte=datetime.date(2026, 1, 1), record_due_on__lte=last_day
            )
        )
        assert _shown(raw["B2"]) == _shown(_share(on_time, due))
        orders = order_figures(
            ServiceOrder.objects.filter(team__region=region),
            OrderEvent.objects.filter(at__gte=start, at__lt=end, team__region=region),
        )
        assert _shown(raw["B3"]) == _shown(_share(orders["accepted"], orders["accepted"] + orders["handed_back"]))
        # 牵手夕阳: 三有一落实 as on its coverage page; the network's coverage, as on the
        # education dashboard.
        sanyou = sanyou_rows[region.pk]
        assert _shown(raw["C1"]) == _shown(_share(sanyou["complete"], sanyou["cadres"]))
        measures = coverage([region.pk])[0]["measures"]
        met = (
            _share(sum(m["met"] for m in measures), len(measures))
            if any(m["value"] is not None for m in measures)
            else None
        )
        assert _shown(raw["C3"]) == _shown(met)
        # 丹心向党: training compliance, as on the workforce's training page.
        bands = training_summary(year=2026, queryset=StaffMember.objects.filter(region=region)).values()
        assert _shown(raw["D1"]) == _shown(_share(sum(b["met"] for b in bands), sum(b["total"] for b in bands)))
        checked += 1
    assert checked == Region.objects.count() == 10
    # Figures with data in every brand, not a comparison of empty answers.
    values = Result.objects.filter(run=run).values_list("items__indicator__code", "items__raw_value")
    assert {code[0] for code, value in values if value} >= {"A", "B", "C", "D"}

    # The scorecard groups the items by brand, and every automatic item links to its records.
    client.force_login(User.objects.get(username="demo_staff"))
    result = Result.objects.get(run=run, unit_name="邗江区")
    page = client.get(reverse("assessment:scorecard", args=[result.pk]))
    assert [g["label"] for g in page.context["groups"]] == ["银发先锋", "绿扬霞光", "牵手夕阳", "丹心向党", "综合评价"]
    automatic = [i for i in page.context["items"] if i["indicator"].kind == "automatic"]
    assert automatic and all(i["evidence"] and i["evidence_open"] for i in automatic)
    for item in automatic:
        response = client.get(item["evidence"])
        assert response.status_code == 200, item["evidence"]  # an unknown filter redirects to ?e=1


def test_each_demo_year_has_regions_in_every_grade():
    """The demo bureau reads like the seed's (连续6年被评为一等次, districts spread): every
    district has records in every brand, so each demo year's region 综合考评 — 2024 and 2025
    (locked) and 2026 (demo_staff's copy of 2025, tallied) — has a district in every grade
    band its share cap leaves room for (the caps read from the scheme's rules), and no
    district scores nothing for an automatic item for want of records."""
    from math import floor

    from apps.assessment.choices import IndicatorKind

    region_2025 = Scheme.objects.get(year=2025, unit_kind=UnitKind.REGION)
    scheme_2026 = services.scheme_open(scheme=services.scheme_copy(scheme=region_2025))
    run_2026 = services.tally_execute(run_id=services._run_create(scheme=scheme_2026, by=None, trigger="manual").pk)
    assert run_2026.status == RunStatus.COMPLETED, run_2026.error
    for year in (2024, 2025, 2026):
        results = list(
            Result.objects.filter(
                run__scheme__year=year, run__scheme__unit_kind=UnitKind.REGION, run__is_current=True
            ).select_related("run__scheme")
            if year < 2026
            else Result.objects.filter(run=run_2026).select_related("run__scheme")
        )
        assert len(results) == 10, year
        grades = [r.grade for r in results]
        for rule in results[0].run.scheme.grade_rules.all():
            cap = len(results) if rule.max_share is None else floor(rule.max_share * len(results))
            assert grades.count(rule.grade) <= cap, (year, rule.grade, grades)
            if cap:
                assert grades.count(rule.grade) >= 1, (year, rule.grade, grades)
            assert all(r.total >= rule.min_score for r in results if r.grade == rule.grade), (year, rule.grade)
        # Every district has records for every automatic item: none is left without a value.
        empty = ResultItem.objects.filter(
            result__in=results, indicator__kind=IndicatorKind.AUTOMATIC, raw_value__isnull=True
        ).values_list("result__unit_name", "indicator__code")
        assert not list(empty), (year, list(empty))
