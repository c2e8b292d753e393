"""The tally: totals, ranks and grades written as one run; re-runs, failures, the lock,
redelivery, scheduling and the constant query count."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from apps.assessment import services
from apps.assessment.choices import Grade, IndicatorKind, RunStatus, RunTrigger, SchemeStatus, UnitKind
from apps.assessment.indicators import REGISTRY, Formula, TallyContext
from apps.assessment.models import Result, ResultItem, Scheme, TallyRun
from apps.core.queue import QueueUnavailable
from tests.assessment.conftest import MANUAL, THEME_DAY, YEAR
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def run_now(scheme, user=None):
    run = services._run_create(scheme=scheme, by=user, trigger=RunTrigger.MANUAL)
    return services.tally_execute(run_id=run.pk)


def snapshot(run):
    return sorted(
        (r.unit_name, r.total, r.rank, r.grade, tuple((i.indicator.code, i.raw_value, i.score) for i in r.items.all()))
        for r in run.results.prefetch_related("items__indicator")
    )


@pytest.fixture
def staff(db):
    return make_user("tally_staff", "bureau_staff")


@pytest.fixture
def five(build):
    """Five branches with 12, 12, 9, 6 and 0 months of theme days in 2025."""
    branches = [build.branch(f"{n}支部") for n in "甲乙丙丁戊"]
    for branch, months in zip(branches, (12, 12, 9, 6, 0), strict=True):
        for month in range(1, months + 1):
            build.log(branch, "theme_day", datetime.date(YEAR, month, 10))
    return branches


def test_a_tally_totals_ranks_and_grades_every_unit(build, five, staff):
    scheme = build.scheme(indicators=[THEME_DAY, MANUAL])
    services.manual_score_set(
        indicator=scheme.indicators.get(code="Z1"),
        region=five[1].region,
        organisation=five[1],
        score=D("3"),
        reason="台账不完整，扣 2 分",
        by=staff,
    )
    run = run_now(scheme, staff)
    assert run.status == RunStatus.COMPLETED and run.is_current and run.progress == 100
    assert run.unit_count == 5 and len(run.fingerprint) == 64 and run.duration is not None
    results = {r.unit_name: r for r in run.results.all()}
    # theme day: 10 × share of months; manual: 5 unless deducted.
    assert {name: r.total for name, r in results.items()} == {
        "甲支部": D("15.00"),
        "乙支部": D("13.00"),
        "丙支部": D("12.50"),
        "丁支部": D("10.00"),
        "戊支部": D("5.00"),
    }
    assert [results[n].rank for n in ("甲支部", "乙支部", "丙支部", "丁支部", "戊支部")] == [1, 2, 3, 4, 5]
    # 一等次 ≥ 9 and ≤ 20% of 5 = 1 unit; 二等次 ≥ 5 and ≤ 50% = 2 units; then 三等次.
    assert [results[n].grade for n in ("甲支部", "乙支部", "丙支部", "丁支部", "戊支部")] == [
        Grade.FIRST,
        Grade.SECOND,
        Grade.SECOND,
        Grade.THIRD,
        Grade.THIRD,
    ]
    item = ResultItem.objects.get(result=results["丙支部"], indicator__code="A1")
    assert (item.raw_value, item.score) == (D("75.0000"), D("7.50"))
    deducted = ResultItem.objects.get(result=results["乙支部"], indicator__code="Z1")
    assert (deducted.score, deducted.note) == (D("3.00"), "人工评分")
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SCORED


@pytest.mark.parametrize("unit_kind", [UnitKind.ORGANISATION, UnitKind.REGION])
def test_every_result_gets_one_item_per_indicator_of_its_own_unit(build, five, unit_kind):
    scheme = build.scheme(unit_kind=unit_kind, indicators=[THEME_DAY, MANUAL])
    run = run_now(scheme)
    raw = REGISTRY[THEME_DAY["formula_key"]].compute(
        TallyContext.build(year=YEAR, unit_kind=unit_kind, until=datetime.date(YEAR, 12, 31)), {}
    )
    assert run.unit_count == len(raw) == run.results.count()
    assert ResultItem.objects.filter(result__run=run).count() == 2 * run.unit_count
    for result in run.results.prefetch_related("items__indicator"):
        items = {item.indicator.code: item for item in result.items.all()}
        value = raw[result.unit_id]
        assert items["A1"].raw_value == value
        assert items["A1"].score == (D("0.00") if value is None else (value / 10).quantize(D("0.01")))
        assert (items["Z1"].raw_value, items["Z1"].score, items["Z1"].note) == (None, D("5.00"), "未扣分")
        assert result.total == items["A1"].score + items["Z1"].score


def test_a_branch_scheme_without_branches_completes_with_no_results(build):
    run = run_now(build.scheme(indicators=[THEME_DAY, MANUAL]))
    assert run.status == RunStatus.COMPLETED and run.is_current
    assert run.unit_count == 0 and not run.results.exists()


def test_unit_names_with_quotes_and_braces_are_written_as_they_are(build):
    name = "甲\"支部{1,2}\\ 'NULL'"
    build.branch(name)
    run = run_now(build.scheme())
    assert list(run.results.values_list("unit_name", flat=True)) == [name]


def test_equal_totals_share_a_rank_in_a_run(build, five):
    scheme = build.scheme()
    run = run_now(scheme)
    ranks = {r.unit_name: r.rank for r in run.results.all()}
    assert ranks == {"甲支部": 1, "乙支部": 1, "丙支部": 3, "丁支部": 4, "戊支部": 5}


def test_a_region_scheme_has_one_result_per_region(build, five):
    scheme = build.scheme(unit_kind=UnitKind.REGION)
    run = run_now(scheme)
    assert run.unit_count == 10
    guangling = run.results.get(unit_name="广陵区")
    assert guangling.total == D("6.50")  # (12 + 12 + 9 + 6 + 0) of 60 branch-months = 65% of 10
    assert guangling.rank == 1


def test_re_running_on_unchanged_data_gives_identical_results(build, five):
    scheme = build.scheme(indicators=[THEME_DAY, MANUAL])
    first = run_now(scheme)
    second = run_now(scheme)
    first.refresh_from_db()
    assert second.fingerprint == first.fingerprint
    assert snapshot(second) == snapshot(first)
    assert (first.is_current, second.is_current) == (False, True)
    assert TallyRun.objects.filter(scheme=scheme, is_current=True).count() == 1


def test_changed_data_changes_the_fingerprint(build, five):
    scheme = build.scheme()
    first = run_now(scheme)
    build.log(five[4], "theme_day", datetime.date(YEAR, 1, 1))
    second = run_now(scheme)
    assert second.fingerprint != first.fingerprint


def test_a_run_that_fails_halfway_leaves_the_previous_results_current(build, five, monkeypatch):
    second_indicator = {**THEME_DAY, "code": "A2", "formula_key": "party.demonstration_points"}
    scheme = build.scheme(indicators=[THEME_DAY, second_indicator])
    good = run_now(scheme)
    before = snapshot(good)

    def explode(ctx, params):
        raise RuntimeError("示范点数据源异常")

    entry = REGISTRY["party.demonstration_points"]
    monkeypatch.setitem(REGISTRY, "party.demonstration_points", Formula(**{**entry.__dict__, "compute": explode}))
    failed = run_now(scheme)
    assert failed.status == RunStatus.FAILED
    assert "示范点数据源异常" in failed.error
    assert failed.progress == 40  # the first of two indicators was done
    assert not failed.is_current and failed.results.count() == 0
    good.refresh_from_db()
    assert good.is_current and snapshot(good) == before


def test_a_failure_while_writing_rolls_back_every_row(build, five, monkeypatch):
    scheme = build.scheme()
    good = run_now(scheme)
    write = services._write_results
    written = []

    def write_then_fail(**kwargs):
        write(**kwargs)
        written.append(ResultItem.objects.filter(result__run=kwargs["run"]).count())
        raise IntegrityError("disk full")

    monkeypatch.setattr(services, "_write_results", write_then_fail)
    failed = run_now(scheme)
    assert failed.status == RunStatus.FAILED and "disk full" in failed.error
    assert written == [5]  # the rows were in the table …
    assert Result.objects.filter(run=failed).count() == 0  # … and were rolled back
    assert ResultItem.objects.filter(result__run=failed).count() == 0
    good.refresh_from_db()
    assert good.is_current


def test_two_runs_of_one_scheme_never_overlap(build, five):
    scheme = build.scheme()
    services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    with pytest.raises(ValidationError, match="已有计分任务"):
        services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    # The database enforces it too, whatever the code path.
    with pytest.raises(IntegrityError):
        TallyRun.objects.create(scheme=scheme, status=RunStatus.RUNNING)


def test_a_stale_run_no_longer_blocks_a_new_one(build, five):
    scheme = build.scheme()
    stale = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    TallyRun.objects.filter(pk=stale.pk).update(created_at=stale.created_at - datetime.timedelta(hours=2))
    fresh = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    stale.refresh_from_db()
    assert stale.status == RunStatus.FAILED and fresh.status == RunStatus.PENDING


def test_a_redelivered_run_completes_once_and_never_twice(build, five):
    scheme = build.scheme()
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    # The worker died mid-run: the row says running, nothing was committed.
    TallyRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, progress=40)
    done = services.tally_execute(run_id=run.pk)
    assert done.status == RunStatus.COMPLETED and done.attempts == 2
    again = services.tally_execute(run_id=run.pk)  # the message delivered once more
    assert again.status == RunStatus.COMPLETED
    assert Result.objects.filter(run=run).count() == 5


def test_a_run_redelivered_too_often_is_marked_failed(build, five):
    scheme = build.scheme()
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    TallyRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    failed = services.tally_execute(run_id=run.pk)
    assert failed.status == RunStatus.FAILED and "多次中断" in failed.error


def test_a_locked_scheme_refuses_every_change(build, five, staff):
    scheme = build.scheme(indicators=[THEME_DAY, MANUAL])
    run = run_now(scheme)
    scheme = services.scheme_publish(scheme=scheme)
    services.scheme_lock(scheme=scheme, now=scheme.appeal_deadline + datetime.timedelta(seconds=1))
    scheme.refresh_from_db()
    result = run.results.first()
    district = make_user("lock_district", "district_staff", scope_region=five[0].region)
    attempts = [
        lambda: services.tally_start(scheme=scheme, by=staff),
        lambda: services.manual_score_set(
            indicator=scheme.indicators.get(code="Z1"),
            region=five[0].region,
            organisation=five[0],
            score=D("1"),
            reason="x",
            by=staff,
        ),
        lambda: services.indicator_add(scheme=scheme, code="B1", name="新指标", max_score=D("5"), kind="manual"),
        lambda: services.grade_rule_add(scheme=scheme, grade=Grade.FIRST, min_score=D("1")),
        lambda: services.scheme_publish(scheme=scheme),
        lambda: services.scheme_lock(scheme=scheme),
        lambda: services.scheme_open(scheme=scheme),
        lambda: services.appeal_lodge(scheme=scheme, result=result, reason="不服", by=district),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="已锁定"):
            attempt()
    # A run queued before the lock cannot write either.
    TallyRun.objects.create(scheme=scheme)
    queued = TallyRun.objects.get(scheme=scheme, status=RunStatus.PENDING)
    assert services.tally_execute(run_id=queued.pk).status == RunStatus.FAILED
    run.refresh_from_db()
    assert run.is_current


def test_starting_a_tally_when_the_queue_is_down_writes_nothing(build, five, monkeypatch, staff):
    scheme = build.scheme()
    monkeypatch.setattr("apps.core.queue.queue_available", lambda timeout=1.0: False)
    with pytest.raises(QueueUnavailable) as info:
        services.tally_start(scheme=scheme, by=staff)
    assert "任务队列暂时不可用" in info.value.message
    assert not TallyRun.objects.exists()


def test_starting_a_tally_runs_it_after_commit(build, five, staff, eager, django_capture_on_commit_callbacks):
    scheme = build.scheme()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.tally_start(scheme=scheme, by=staff)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED and run.started_by == staff


def test_manual_scores_need_a_reason_for_deductions_and_overrides(build, five, staff):
    scheme = build.scheme(indicators=[THEME_DAY, MANUAL])
    manual, automatic = scheme.indicators.get(code="Z1"), scheme.indicators.get(code="A1")
    branch = five[0]
    with pytest.raises(ValidationError, match="扣分须填写理由"):
        services.manual_score_set(indicator=manual, region=None, organisation=branch, score=D("4"), reason="", by=staff)
    with pytest.raises(ValidationError, match="须填写理由"):
        services.manual_score_set(
            indicator=automatic, region=None, organisation=branch, score=D("10"), reason=" ", by=staff
        )
    with pytest.raises(ValidationError, match="不能超过"):
        services.manual_score_set(
            indicator=manual, region=None, organisation=branch, score=D("6"), reason="x", by=staff
        )
    secretary = make_user("score_sec", "secretary", scope_organisation=branch)
    with pytest.raises(ValidationError, match="不是该指标的评分人"):
        services.manual_score_set(
            indicator=manual, region=None, organisation=branch, score=D("5"), reason="", by=secretary
        )
    services.manual_score_set(indicator=manual, region=None, organisation=branch, score=D("5"), reason="", by=staff)
    # An override replaces the automatic score in the next run.
    services.manual_score_set(
        indicator=automatic, region=None, organisation=five[4], score=D("8"), reason="补录线下台账", by=staff
    )
    run = run_now(scheme)
    item = ResultItem.objects.get(result__run=run, result__organisation=five[4], indicator=automatic)
    assert (item.raw_value, item.score, item.note) == (D("0.0000"), D("8.00"), "人工调整")


def test_copying_last_years_scheme(build, five):
    old = build.scheme(indicators=[THEME_DAY, MANUAL])
    old.name = f"{YEAR}年度离退休干部党支部综合考评"
    old.save()
    copy = services.scheme_copy(scheme=old)
    assert (copy.year, copy.status, copy.name, copy.copied_from) == (
        YEAR + 1,
        SchemeStatus.DRAFT,
        f"{YEAR + 1}年度离退休干部党支部综合考评",
        old,
    )
    assert list(copy.indicators.values_list("code", "formula_key", "params")) == list(
        old.indicators.values_list("code", "formula_key", "params")
    )
    assert copy.grade_rules.count() == 3
    with pytest.raises(ValidationError, match="不能重复复制"):
        services.scheme_copy(scheme=old)


def test_an_incomplete_indicator_is_refused(build):
    scheme = build.scheme(open_it=False)
    with pytest.raises(ValidationError) as info:
        services.indicator_add(
            scheme=scheme, code="X1", name="无公式", max_score=D("5"), kind=IndicatorKind.AUTOMATIC, formula_key="nope"
        )
    assert "formula_key" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.indicator_add(scheme=scheme, code="X2", name="人工", max_score=D("5"), kind=IndicatorKind.MANUAL)
    assert "scorer_role" in info.value.message_dict


def test_scheduled_tallies_pick_this_years_and_last_years_schemes(build, five):
    current = build.scheme(year=2026)
    last = build.scheme(year=2025, unit_kind=UnitKind.REGION)
    draft = build.scheme(year=2026, unit_kind=UnitKind.REGION, open_it=False)
    nightly = services.tally_schedule_nightly(today=datetime.date(2026, 11, 27))
    assert [(r.scheme, r.trigger) for r in nightly] == [(current, RunTrigger.NIGHTLY)]
    final = services.tally_schedule_final(today=datetime.date(2026, 1, 5))
    assert [(r.scheme, r.trigger) for r in final] == [(last, RunTrigger.FINAL)]
    # A second nightly run while one is queued is skipped, not duplicated.
    assert services.tally_schedule_nightly(today=datetime.date(2026, 11, 27)) == []
    assert not draft.runs.exists()


def test_the_periodic_tasks_exist_once(db):
    from django_celery_beat.models import PeriodicTask

    from apps.core.schedules import install_schedules

    install_schedules()
    install_schedules(reset=True)
    tasks = dict(PeriodicTask.objects.filter(task__startswith="assessment.").values_list("task", "crontab__hour"))
    assert tasks == {"assessment.nightly_tally": "2", "assessment.final_tally": "3"}
    final = PeriodicTask.objects.get(task="assessment.final_tally").crontab
    assert (final.day_of_month, final.month_of_year) == ("5", "1")


# ---------------------------------------------------------------------------
# Queries do not grow with the number of units
# ---------------------------------------------------------------------------
ALL_PARTY = [
    {**THEME_DAY, "code": f"P{n}", "formula_key": key}
    for n, key in enumerate(
        [
            "party.theme_day_compliance",
            "party.three_meetings_completion",
            "party.secretary_training_coverage",
            "party.log_review_timeliness",
            "party.standardisation_pass_rate",
            "party.demonstration_points",
            "party.education_sessions_per_100",
        ],
        1,
    )
] + [MANUAL]


def _branches(n):
    from apps.party.choices import OrgKind
    from apps.party.models import ActivityLog, Organisation
    from apps.regions.models import Region

    regions = list(Region.objects.all())
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"支部{i}", kind=OrgKind.BRANCH, region=regions[i % len(regions)]) for i in range(n)]
    )
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(organisation=o, activity_type="theme_day", held_on=datetime.date(YEAR, 1 + i % 12, 1),
                        theme="t", status="approved")
            for i, o in enumerate(orgs)
        ]
    )  # fmt: skip


def _count_queries(build, n):
    Scheme.objects.all().delete()
    _branches(n)
    scheme = build.scheme(indicators=ALL_PARTY)
    run = services._run_create(scheme=scheme, by=None, trigger=RunTrigger.MANUAL)
    with CaptureQueriesContext(connection) as queries:
        done = services.tally_execute(run_id=run.pk)
    assert done.status == RunStatus.COMPLETED, done.error
    return done.unit_count, len(queries)


def test_a_tallys_query_count_is_the_same_for_20_and_200_units(build, monkeypatch):
    # Django assumes SQLite's old compile-time limit of 999 bound parameters and splits
    # bulk inserts by it; the SQLite here allows far more (PostgreSQL batches by the
    # service's own batch size), so lift the assumption to compare like with like.
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)
    small_units, small = _count_queries(build, 20)
    large_units, large = _count_queries(build, 200)
    assert (small_units, large_units) == (20, 220)
    assert small == large
    assert small <= 40
