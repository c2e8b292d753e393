"""Demo assessment: finished years to compare against, and a year in progress.

- 2024 and 2025: the region scheme — 综合考评 across the four brands, weighted groups of
  银发先锋 40、绿扬霞光 20、牵手夕阳 15、丹心向党 10 and the assessors' 综合评价 15 — and
  (2025) the branch scheme (Party building), tallied, published and locked, with
  evaluators' deductions and an answered appeal;
- 2026: the branch scheme copied from 2025 and being assessed (考评中).

Two seed steps: ``seed`` makes the schemes and the evaluators' scores (where it always
ran, drawing from the shared random generator as it always did), ``seed_tallies`` tallies,
publishes and locks them once every brand has written its records.

The 2026 region scheme is deliberately missing: ``demo_staff`` makes it by copying 2025's
(“复制为2026年方案”), then starts it, runs the tally, publishes, takes ``demo_district``'s
appeal, adjusts a score, re-tallies and locks — the whole year in a few clicks.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.assessment import services
from apps.assessment.choices import AppealStatus, Brand, Grade, IndicatorKind, RunTrigger, UnitKind
from apps.assessment.models import Appeal, ManualScore, Result, Scheme

# The brand groups of the region scheme: (brand, weight out of 100). Each group's
# indicators are scaled together within its weight (their max scores set their shares).
GROUPS = [
    (Brand.VANGUARD, Decimal("40")),
    (Brand.AFTERGLOW, Decimal("20")),
    (Brand.SUNSET, Decimal("15")),
    (Brand.LOYAL, Decimal("10")),
    (Brand.GENERAL, Decimal("15")),
]
INDICATORS = [
    # code, name, max score, formula, params
    ("A1", "主题党日开展率", 15, "party.theme_day_compliance", {"method": "linear", "target": 100}),
    ("A2", "三会一课完成率", 20, "party.three_meetings_completion", {"method": "linear", "target": 100}),
    (
        "A3",
        "支部书记三年轮训覆盖率",
        10,
        "party.secretary_training_coverage",
        {"method": "thresholds", "bands": [[90, 1], [70, 0.7], [50, 0.4]]},
    ),
    ("A4", "组织生活记录审核及时率", 10, "party.log_review_timeliness", {"method": "linear", "target": 95, "days": 7}),
    ("A5", "“六有一提升”达标率", 10, "party.standardisation_pass_rate", {"method": "linear", "target": 100}),
    ("A6", "党建示范点", 5, "party.demonstration_points", {"method": "linear", "target": 3}),
    ("A7", "党性教育活动（每百名党员）", 5, "party.education_sessions_per_100", {"method": "linear", "target": 5}),
]
# The other three brands' indicators (region schemes only: their records are kept by district).
REGION_INDICATORS = [
    # brand, code, name, max score, formula, params
    (
        Brand.AFTERGLOW,
        "B1",
        "志愿者人均服务时长",
        10,
        "volunteers.hours_per_volunteer",
        {"method": "linear", "target": 20},
    ),
    (
        Brand.AFTERGLOW,
        "B2",
        "服务记录按时完成率",
        10,
        "volunteers.records_on_time",
        {"method": "linear", "target": 100},
    ),
    (Brand.AFTERGLOW, "B3", "四单服务接单率", 10, "orders.acceptance_rate", {"method": "linear", "target": 100}),
    (Brand.AFTERGLOW, "B4", "四单服务按时办结率", 10, "orders.on_time_rate", {"method": "linear", "target": 100}),
    (Brand.SUNSET, "C1", "离休干部“三有一落实”覆盖率", 10, "care.sanyou_coverage", {"method": "linear", "target": 100}),
    (Brand.SUNSET, "C2", "看望任务按时完成率", 10, "care.visits_on_time", {"method": "linear", "target": 100}),
    (
        Brand.SUNSET,
        "C3",
        "老年教育办学网络覆盖达标率",
        10,
        "education.venue_coverage",
        {"method": "linear", "target": 100},
    ),
    (
        Brand.LOYAL,
        "D1",
        "干部教育培训学时达标率",
        10,
        "workforce.training_compliance",
        {"method": "linear", "target": 100},
    ),
    (
        Brand.LOYAL,
        "D2",
        "巡察整改按期销号率",
        10,
        "workforce.rectification_on_time",
        {"method": "linear", "target": 100},
    ),
]
MANUAL = [
    ("Z1", "考评组综合评价", 20, "bureau_staff"),
    ("Z2", "工作创新与特色亮点", 5, "leadership"),
]
RULES = [
    (Grade.FIRST, Decimal("90"), Decimal("0.20")),
    (Grade.SECOND, Decimal("75"), Decimal("0.50")),
    (Grade.THIRD, Decimal("0"), None),
]
DEDUCTIONS = [
    "组织生活台账不完整，扣分",
    "主题党日记录照片缺失，扣分",
    "支部书记培训未按期参加，扣分",
    "经费使用凭证不齐，扣分",
]
KIND_NAMES = {UnitKind.REGION: "县（市、区）老干部工作", UnitKind.ORGANISATION: "离退休干部党支部"}


def _scheme(year: int, unit_kind: str) -> Scheme:
    scheme = services.scheme_create(
        year=year,
        unit_kind=unit_kind,
        name=f"{year}年度{KIND_NAMES[unit_kind]}综合考评",
        appeal_days=7,
        note="依据《离退休干部党建工作考评办法》，自动指标取自平台数据，人工指标由考评组评定。",
    )
    for order, (code, name, max_score, key, params) in enumerate(INDICATORS, 1):
        services.indicator_add(
            scheme=scheme,
            order=order,
            code=code,
            name=name,
            brand=Brand.VANGUARD,
            max_score=Decimal(max_score),
            kind=IndicatorKind.AUTOMATIC,
            formula_key=key,
            params=params,
        )
    last = len(INDICATORS)
    if unit_kind == UnitKind.REGION:
        for order, (brand, code, name, max_score, key, params) in enumerate(REGION_INDICATORS, last + 1):
            services.indicator_add(
                scheme=scheme,
                order=order,
                code=code,
                name=name,
                brand=brand,
                max_score=Decimal(max_score),
                kind=IndicatorKind.AUTOMATIC,
                formula_key=key,
                params=params,
            )
        last += len(REGION_INDICATORS)
        services.groups_set(scheme=scheme, weights=GROUPS)
    for order, (code, name, max_score, role) in enumerate(MANUAL, last + 1):
        services.indicator_add(
            scheme=scheme,
            order=order,
            code=code,
            name=name,
            brand=Brand.GENERAL,
            max_score=Decimal(max_score),
            kind=IndicatorKind.MANUAL,
            scorer_role=role,
        )
    for order, (grade, min_score, share) in enumerate(RULES, 1):
        services.grade_rule_add(scheme=scheme, grade=grade, min_score=min_score, max_share=share, order=order)
    return services.scheme_open(scheme=scheme)


def _manual_scores(rng, scheme: Scheme, units) -> None:
    """Evaluators' deductions for some units (written directly: the demo has no evaluator
    accounts yet when this step runs; the service's rules are kept — a reason for each)."""
    rows = []
    for indicator in scheme.indicators.filter(kind=IndicatorKind.MANUAL):
        for region, organisation in units:
            if rng.random() < 0.6:
                continue
            deduction = Decimal(rng.choice([1, 2, 3, 4])) if indicator.max_score > 5 else Decimal(1)
            rows.append(
                ManualScore(
                    indicator=indicator,
                    region=region,
                    organisation=organisation,
                    score=indicator.max_score - deduction,
                    reason=rng.choice(DEDUCTIONS),
                )
            )
    ManualScore.objects.bulk_create(rows)


def _finish(scheme: Scheme, published: datetime.datetime) -> None:
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.FINAL)
    run = services.tally_execute(run_id=run.pk)
    if run.status != "completed":
        raise RuntimeError(f"demo tally failed: {run.error}")
    scheme = services.scheme_publish(scheme=scheme)
    last = Result.objects.filter(run=run).order_by("-rank", "unit_name").first()
    Appeal.objects.create(
        scheme=scheme,
        region_id=last.region_id,
        organisation_id=last.organisation_id,
        unit_name=last.unit_name,
        reason="我单位第四季度主题党日记录已补录，请予复核。",
        status=AppealStatus.REJECTED,
        answer="经核查，补录记录未在规定时限内提交审核，维持原结果。",
        answered_at=published + datetime.timedelta(days=3),
    )
    # A past year: locked as it was, once its appeal window had closed.
    services.scheme_lock(scheme=scheme, now=scheme.appeal_deadline + datetime.timedelta(seconds=1))
    Scheme.objects.filter(pk=scheme.pk).update(
        published_at=published, locked_at=published + datetime.timedelta(days=scheme.appeal_days + 1)
    )


def seed(rng, ctx):
    """The schemes and the evaluators' scores (the tallies come in :func:`seed_tallies`)."""
    regions = ctx["regions"]
    branches = ctx["branches"]
    region_units = [(r, None) for r in regions]
    branch_units = [(b.region, b) for b in branches]

    for year in (2024, 2025):
        scheme = _scheme(year, UnitKind.REGION)
        _manual_scores(rng, scheme, region_units)

    branch_2025 = _scheme(2025, UnitKind.ORGANISATION)
    _manual_scores(rng, branch_2025, branch_units)

    branch_2026 = services.scheme_open(scheme=services.scheme_copy(scheme=branch_2025))
    _manual_scores(rng, branch_2026, branch_units)
    ctx["assessment_schemes"] = list(Scheme.objects.order_by("year", "unit_kind"))


def seed_tallies(rng, ctx):
    """The finished years tallied over every brand's records, published and locked."""
    tz = timezone.get_current_timezone()
    for year, unit_kind, published in (
        (2024, UnitKind.REGION, datetime.datetime(2025, 1, 20, 9, tzinfo=tz)),
        (2025, UnitKind.REGION, datetime.datetime(2026, 1, 20, 9, tzinfo=tz)),
        (2025, UnitKind.ORGANISATION, datetime.datetime(2026, 1, 22, 9, tzinfo=tz)),
    ):
        _finish(Scheme.objects.get(year=year, unit_kind=unit_kind), published)
    ctx["assessment_schemes"] = list(Scheme.objects.order_by("year", "unit_kind"))
