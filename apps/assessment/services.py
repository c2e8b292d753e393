"""Writes of the annual assessment: schemes, manual scores, tallies, publication, appeals.

Every change checks the scheme's status first: a locked scheme refuses everything
(:func:`ensure_editable`). The tally (:func:`tally_execute`) computes every indicator for
all units with a fixed number of queries, then writes the whole result as a new run in
one transaction and only then makes it current; anything that goes wrong leaves the
previous run current and this one marked failed with its error.
"""

import datetime
import hashlib
import json
import logging
import math
import time
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from apps.accounts.choices import Role
from apps.assessment.choices import (
    AppealStatus,
    Brand,
    IndicatorKind,
    RunStatus,
    RunTrigger,
    SchemeStatus,
    UnitKind,
)
from apps.assessment.indicators import REGISTRY, TallyContext
from apps.assessment.models import (
    ACTIVE_RUN_STATUSES,
    Appeal,
    GradeRule,
    Indicator,
    IndicatorGroup,
    ManualScore,
    Result,
    ResultItem,
    Scheme,
    TallyRun,
)
from apps.assessment.scoring import Band, factors, grade, rank, score, total_of
from apps.audit.choices import AuditAction
from apps.audit.services import audit_record

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = "该考评方案已锁定，不能再作任何修改。"
TALLY_STATUSES = (SchemeStatus.EVALUATING, SchemeStatus.SCORED, SchemeStatus.PUBLISHED)
# A run still "running" after this long lost its worker for good (the hard time limit
# of a task has passed): it no longer blocks a new run.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 900) + 60)
# How many times the progress of the computing phase is written (each is a commit).
PROGRESS_CHECKPOINTS = 3
# How many times a redelivered run (its worker died) is tried again before giving up.
MAX_ATTEMPTS = 3


def ensure_editable(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.LOCKED:
        raise ValidationError(LOCKED_MESSAGE, code="locked")


def _locked_scheme(scheme: Scheme) -> Scheme:
    """The scheme row, locked for this transaction and re-read (its status may have moved)."""
    return Scheme.objects.select_for_update().get(pk=scheme.pk)


# ---------------------------------------------------------------------------
# Schemes
# ---------------------------------------------------------------------------
@transaction.atomic
def scheme_create(*, year: int, unit_kind: str, name: str, appeal_days: int = 7, note: str = "") -> Scheme:
    scheme = Scheme(year=year, unit_kind=unit_kind, name=name, appeal_days=appeal_days, note=note)
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def indicator_add(*, scheme: Scheme, **fields) -> Indicator:
    ensure_editable(_locked_scheme(scheme))
    indicator = Indicator(scheme=scheme, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def grade_rule_add(*, scheme: Scheme, grade: str, min_score, max_share=None, order: int = 0) -> GradeRule:
    ensure_editable(_locked_scheme(scheme))
    rule = GradeRule(scheme=scheme, grade=grade, min_score=min_score, max_share=max_share, order=order)
    rule.full_clean()
    rule.save()
    return rule


GROUP_TOTAL = Decimal("100")


def groups_total_error(weights) -> str | None:
    """The Chinese message when brand group weights do not total 100 (None when they do)."""
    weights = [Decimal(str(w)) for w in weights]
    if not weights:
        return None
    total = sum(weights, Decimal(0))
    if total != GROUP_TOTAL:
        return f"各品牌分组权重合计须为 100 分，当前合计 {total.normalize():f} 分，请调整。"
    return None


def check_groups(scheme: Scheme, *, indicators=None, groups: dict | None = None) -> None:
    """A grouped scheme is complete: weights total 100, every indicator's brand has a
    group and every group has indicators with full marks above 0. No groups: nothing to check."""
    if groups is None:
        groups = {g.brand: g.weight for g in scheme.groups.all()}
    if not groups:
        return
    if indicators is None:
        indicators = list(scheme.indicators.all())
    errors = []
    message = groups_total_error(groups.values())
    if message:
        errors.append(message)
    labels = dict(Brand.choices)
    brands = {i.brand for i in indicators}
    for indicator in indicators:
        if indicator.brand not in groups:
            errors.append(
                f"指标“{indicator}”所属品牌“{labels.get(indicator.brand, indicator.brand)}”没有分组权重，请先设置。"
            )
    for brand in groups:
        if brand not in brands:
            errors.append(f"品牌分组“{labels.get(brand, brand)}”还没有指标，请添加指标或删除该分组。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def groups_set(*, scheme: Scheme, weights) -> list[IndicatorGroup]:
    """Replace the scheme's brand groups by ``weights`` (``[(brand, weight), …]`` in order);
    the weights must total 100 (a Chinese message otherwise). An empty list removes them."""
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    weights = [(brand, Decimal(str(weight))) for brand, weight in weights]
    message = groups_total_error([w for _, w in weights])
    if message:
        raise ValidationError({"weight": message})
    scheme.groups.all().delete()
    created = []
    for order, (brand, weight) in enumerate(weights, 1):
        group = IndicatorGroup(scheme=scheme, brand=brand, weight=weight, order=order)
        group.full_clean()
        group.save()
        created.append(group)
    return created


@transaction.atomic
def scheme_copy(*, scheme: Scheme, year: int | None = None) -> Scheme:
    """A new draft scheme for ``year`` (default: the next year) with the same indicators,
    parameters, brand groups and their weights, grade rules and appeal window. Five
    queries plus the three bulk inserts."""
    year = year or scheme.year + 1
    if Scheme.objects.filter(year=year, unit_kind=scheme.unit_kind).exists():
        raise ValidationError(f"{year}年已有“{scheme.get_unit_kind_display()}”考评方案，不能重复复制。")
    new_name = scheme.name.replace(str(scheme.year), str(year)) if str(scheme.year) in scheme.name else scheme.name
    copy = Scheme(
        year=year,
        unit_kind=scheme.unit_kind,
        name=new_name,
        appeal_days=scheme.appeal_days,
        note=scheme.note,
        copied_from=scheme,
    )
    copy.full_clean()
    copy.save()
    Indicator.objects.bulk_create(
        [
            Indicator(
                scheme=copy,
                brand=i.brand,
                code=i.code,
                name=i.name,
                weight=i.weight,
                max_score=i.max_score,
                kind=i.kind,
                formula_key=i.formula_key,
                params=i.params,
                scorer_role=i.scorer_role,
                order=i.order,
            )
            for i in scheme.indicators.all()
        ]
    )
    GradeRule.objects.bulk_create(
        [
            GradeRule(scheme=copy, grade=r.grade, min_score=r.min_score, max_share=r.max_share, order=r.order)
            for r in scheme.grade_rules.all()
        ]
    )
    IndicatorGroup.objects.bulk_create(
        [IndicatorGroup(scheme=copy, brand=g.brand, weight=g.weight, order=g.order) for g in scheme.groups.all()]
    )
    return copy


@transaction.atomic
def scheme_open(*, scheme: Scheme) -> Scheme:
    """草稿 → 考评中: the scheme is complete and data may now be tallied."""
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError("只有草稿状态的方案可以启动考评。")
    if not scheme.indicators.exists():
        raise ValidationError("方案还没有考评指标，请先设置指标。")
    if not scheme.grade_rules.exists():
        raise ValidationError("方案还没有等次规则，请先设置等次规则。")
    check_groups(scheme)
    scheme.status = SchemeStatus.EVALUATING
    scheme.save(update_fields=["status", "updated_at"])
    return scheme


@transaction.atomic
def scheme_publish(*, scheme: Scheme) -> Scheme:
    """已计分 → 已公示: opens the appeal window of ``appeal_days`` days."""
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    if scheme.status != SchemeStatus.SCORED:
        raise ValidationError("只有已计分的方案可以公示。")
    if not scheme.runs.filter(is_current=True).exists():
        raise ValidationError("还没有完成的计分结果，不能公示。")
    if scheme.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists():
        raise ValidationError("计分任务正在进行，请完成后再公示。")
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.save(update_fields=["status", "published_at", "updated_at"])
    return scheme


@transaction.atomic
def scheme_lock(*, scheme: Scheme, by=None, early_reason: str = "", now=None) -> Scheme:
    """已公示 → 已锁定: the year's result is final and nothing may change any more.

    Refused while the appeal window is open (until the end of its last day), unless the
    bureau head (``close_appeal_early``) closes it early with ``early_reason``: the reason
    is kept on the scheme and written to the audit log."""
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    if scheme.status != SchemeStatus.PUBLISHED:
        raise ValidationError("只有已公示的方案可以锁定。")
    if scheme.appeals.filter(status=AppealStatus.PENDING).exists():
        raise ValidationError("还有未答复的申诉，请答复后再锁定。")
    early_reason = (early_reason or "").strip()
    window_open = appeal_window_open(scheme, now=now)
    if window_open:
        deadline = f"{timezone.localtime(scheme.appeal_deadline):%Y-%m-%d}"
        if not early_reason and not (by is not None and by.has_perm("assessment.close_appeal_early")):
            raise ValidationError(
                f"申诉期至 {deadline} 当日结束，申诉期内不能锁定；确需提前结束的，须由局领导填写理由后锁定。"
            )
        if by is None or not by.has_perm("assessment.close_appeal_early"):
            raise ValidationError("只有局领导可以提前结束申诉期。")
        if not early_reason:
            raise ValidationError({"early_reason": "须填写提前结束申诉期的理由。"})
    elif by is not None and not by.has_perm("assessment.publish_scheme"):
        raise ValidationError("申诉期已结束，请由局机关工作人员锁定结果。")
    if scheme.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists():
        raise ValidationError("计分任务正在进行，请完成后再锁定。")
    scheme.status = SchemeStatus.LOCKED
    scheme.locked_at = timezone.now()
    scheme.early_close_reason = early_reason if window_open else ""
    scheme.save(update_fields=["status", "locked_at", "early_close_reason", "updated_at"])
    if window_open:
        audit_record(
            user=by,
            action=AuditAction.UPDATE,
            obj=scheme,
            detail=f"提前结束申诉期（原定至 {deadline}）并锁定考评结果，理由：{early_reason}",
        )
    return scheme


# ---------------------------------------------------------------------------
# Manual scores
# ---------------------------------------------------------------------------
@transaction.atomic
def manual_score_set(
    *, indicator: Indicator, region, organisation=None, score: Decimal, reason: str, by
) -> ManualScore:
    """Record (or replace) an evaluator's score of one unit.

    A reason is required for a deduction (below full marks) and for overriding an
    automatic indicator. The evaluator must hold the indicator's scorer role (bureau staff
    may always score).
    """
    scheme = _locked_scheme(indicator.scheme)
    ensure_editable(scheme)
    if scheme.status == SchemeStatus.DRAFT:
        raise ValidationError("方案尚未启动考评，不能评分。")
    score = Decimal(str(score))
    reason = (reason or "").strip()
    if score > indicator.max_score:
        raise ValidationError({"score": f"得分不能超过该指标满分 {indicator.max_score}。"})
    if indicator.kind == IndicatorKind.AUTOMATIC and not reason:
        raise ValidationError({"reason": "调整自动计算指标的得分须填写理由。"})
    if score < indicator.max_score and not reason:
        raise ValidationError({"reason": "扣分须填写理由。"})
    allowed_roles = {Role.BUREAU_STAFF, indicator.scorer_role} - {""}
    if not (by.is_superuser or by.role in allowed_roles):
        raise ValidationError("您不是该指标的评分人。")
    if scheme.unit_kind == UnitKind.ORGANISATION and organisation is None:
        raise ValidationError("党组织考评须指定被评分的党组织。")
    if scheme.unit_kind == UnitKind.REGION:
        organisation = None
    elif organisation is not None:
        region = organisation.region
    existing = ManualScore.objects.filter(indicator=indicator, region=region, organisation=organisation).first()
    manual = existing or ManualScore(indicator=indicator, region=region, organisation=organisation)
    manual.score, manual.reason, manual.evaluator = score, reason, by
    manual.full_clean()
    manual.save()
    return manual


# ---------------------------------------------------------------------------
# Appeals
# ---------------------------------------------------------------------------
def may_appeal(user, scheme: Scheme, result: Result) -> bool:
    """The assessed unit's own staff: district staff of the region for a region scheme,
    the branch's secretary for an organisation scheme."""
    if scheme.unit_kind == UnitKind.REGION:
        return user.role == Role.DISTRICT_STAFF and user.scope_region_id == result.region_id
    return user.role == Role.SECRETARY and user.scope_organisation_id == result.organisation_id


def appeal_window_open(scheme: Scheme, now=None) -> bool:
    return (
        scheme.status == SchemeStatus.PUBLISHED
        and scheme.appeal_deadline is not None
        and (now or timezone.now()) <= scheme.appeal_deadline
    )


@transaction.atomic
def appeal_lodge(*, scheme: Scheme, result: Result, reason: str, by) -> Appeal:
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    if not appeal_window_open(scheme):
        raise ValidationError("当前不在申诉期内，不能提出申诉。")
    if result.run.scheme_id != scheme.pk or not result.run.is_current:
        raise ValidationError("只能对当前公示的结果提出申诉。")
    if not may_appeal(by, scheme, result):
        raise ValidationError("只有被考评单位的工作人员可以提出申诉。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写申诉理由。"})
    if Appeal.objects.filter(
        scheme=scheme, region=result.region, organisation=result.organisation, status=AppealStatus.PENDING
    ).exists():
        raise ValidationError("本单位已有待答复的申诉，请等待答复。")
    appeal = Appeal(
        scheme=scheme,
        region_id=result.region_id,
        organisation_id=result.organisation_id,
        unit_name=result.unit_name,
        reason=reason.strip(),
        lodged_by=by,
    )
    appeal.full_clean()
    appeal.save()
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, status: str, answer: str, by) -> Appeal:
    scheme = _locked_scheme(appeal.scheme)
    ensure_editable(scheme)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError("该申诉已答复。")
    if status not in (AppealStatus.ACCEPTED, AppealStatus.REJECTED):
        raise ValidationError({"status": "请选择“已采纳”或“未采纳”。"})
    if not (answer or "").strip():
        raise ValidationError({"answer": "请填写答复意见。"})
    appeal.status, appeal.answer = status, answer.strip()
    appeal.answered_by, appeal.answered_at = by, timezone.now()
    appeal.full_clean()
    appeal.save()
    return appeal


# ---------------------------------------------------------------------------
# The tally
# ---------------------------------------------------------------------------
@transaction.atomic
def _run_create(*, scheme: Scheme, by, trigger: str) -> TallyRun:
    scheme = _locked_scheme(scheme)
    ensure_editable(scheme)
    if scheme.status not in TALLY_STATUSES:
        raise ValidationError("方案尚未启动考评，不能计分。")
    # A run whose worker vanished for good no longer holds the lock.
    TallyRun.objects.filter(
        scheme=scheme, status__in=ACTIVE_RUN_STATUSES, created_at__lt=timezone.now() - STALE_AFTER
    ).update(status=RunStatus.FAILED, error="计分任务超时或执行进程中断。", finished_at=timezone.now())
    if TallyRun.objects.filter(scheme=scheme, status__in=ACTIVE_RUN_STATUSES).exists():
        raise ValidationError("该方案已有计分任务在进行中，请稍后再试。")
    run = TallyRun(scheme=scheme, started_by=by, trigger=trigger)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError as exc:  # a concurrent start won the race for the lock
        raise ValidationError("该方案已有计分任务在进行中，请稍后再试。") from exc
    return run


def tally_start(*, scheme: Scheme, by=None, trigger: str = RunTrigger.MANUAL) -> TallyRun:
    """Queue a tally of ``scheme``; the task starts after the run row is committed.

    Raises :class:`apps.core.queue.QueueUnavailable` (nothing written) when the task queue
    is down, and ``ValidationError`` when the scheme may not be tallied now.
    """
    from apps.assessment.tasks import run_tally
    from apps.core.queue import check_queue, enqueue

    check_queue()
    with transaction.atomic():
        run = _run_create(scheme=scheme, by=by, trigger=trigger)
        enqueue(run_tally, run.pk)
    return run


def _claim(run_id: int) -> TallyRun | None:
    """Mark the run running (again, when the task was redelivered); None if nothing to do."""
    with transaction.atomic():
        run = TallyRun.objects.select_for_update().select_related("scheme").get(pk=run_id)
        if run.status in (RunStatus.COMPLETED, RunStatus.FAILED):
            return None  # a redelivered message of a finished run: never a second result
        if run.attempts >= MAX_ATTEMPTS:
            run.status, run.error = RunStatus.FAILED, "计分进程多次中断，已停止重试。"
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            return None
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.progress = 0
        run.started_at = timezone.now()
        run.save(update_fields=["status", "attempts", "progress", "started_at"])
        return run


def tally_execute(*, run_id: int) -> TallyRun:
    """Compute and write run ``run_id`` (the Celery task's body; safe to call again)."""
    run = _claim(run_id)
    if run is None:
        return TallyRun.objects.get(pk=run_id)
    started = time.perf_counter()
    state = {"progress": 0}

    def progress(value: int, *, write: bool = True) -> None:
        # Written outside the write transaction so the page's progress bar sees it at
        # once; the caller writes only at a few checkpoints (each write is a commit).
        state["progress"] = value
        if write:
            TallyRun.objects.filter(pk=run.pk).update(progress=value)

    try:
        tally_compute_and_write(run=run, progress=progress, started=started)
    except (OperationalError, InterfaceError):
        raise  # the database went away: the run stays running for the task's retry
    except Exception as exc:
        logger.exception("tally %s of scheme %s failed", run.pk, run.scheme_id)
        message = exc.messages[0] if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        TallyRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            progress=state["progress"],
            error=message[:2000],
            finished_at=timezone.now(),
            duration=round(time.perf_counter() - started, 3),
        )
    run.refresh_from_db()
    return run


def _fingerprint(scheme, indicators, bands, ctx, raw, manual, groups=None) -> str:
    payload = {
        "scheme": [scheme.pk, scheme.year, scheme.unit_kind],
        "groups": sorted([brand, str(weight)] for brand, weight in (groups or {}).items()),
        "indicators": [
            [i.pk, i.code, str(i.weight), str(i.max_score), i.kind, i.formula_key, i.params] for i in indicators
        ],
        "bands": [[b.grade, str(b.min_score), str(b.max_share)] for b in bands],
        "units": sorted([unit, name, region] for unit, (name, region) in ctx.units.items()),
        "raw": {str(k): sorted([u, None if v is None else str(v)] for u, v in vals.items()) for k, vals in raw.items()},
        "manual": sorted([k[0], k[1], str(v)] for k, v in manual.items()),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def tally_compute_and_write(*, run: TallyRun, progress: Callable[..., None], started: float) -> None:
    """Every indicator for every unit, then the whole result written at once.

    Queries: a fixed handful for the scheme, its units, rules and manual scores; each
    formula's own fixed count; progress written at a fixed few checkpoints; then the writes
    (:func:`_write_results`, the flip of the current run). None of it depends on the number
    of units.
    """
    scheme = run.scheme
    indicators = list(scheme.indicators.order_by("order", "code"))
    groups = {g.brand: g.weight for g in scheme.groups.all()}
    check_groups(scheme, indicators=indicators, groups=groups)
    factor_of = factors([(i.pk, i.brand, i.max_score, i.weight) for i in indicators], groups)
    bands = [Band(r.grade, r.min_score, r.max_share) for r in scheme.grade_rules.order_by("order", "pk")]
    until = min(datetime.date(scheme.year, 12, 31), timezone.localdate())
    params_of: dict[str, list[dict]] = {}
    for indicator in indicators:
        if indicator.kind == IndicatorKind.AUTOMATIC:
            params_of.setdefault(indicator.formula_key, []).append(indicator.params or {})
    ctx = TallyContext.build(year=scheme.year, unit_kind=scheme.unit_kind, until=until, params_of=params_of)
    # (indicator id, unit id) → score; unit id is the organisation's for branch schemes.
    manual: dict[tuple[int, int], Decimal] = {}
    for indicator_id, region_id, organisation_id, value in ManualScore.objects.filter(
        indicator__scheme=scheme
    ).values_list("indicator_id", "region_id", "organisation_id", "score"):
        unit = organisation_id if scheme.unit_kind == UnitKind.ORGANISATION else region_id
        manual[(indicator_id, unit)] = value

    raw: dict[int, dict] = {}
    automatic = [i for i in indicators if i.kind == IndicatorKind.AUTOMATIC]
    # Positions after which progress is written: evenly spread, a fixed number of writes.
    checkpoints = {math.ceil(len(automatic) * k / PROGRESS_CHECKPOINTS) for k in range(1, PROGRESS_CHECKPOINTS)}
    for position, indicator in enumerate(automatic, 1):
        formula = REGISTRY.get(indicator.formula_key)
        if formula is None:
            raise ValidationError(f"指标“{indicator}”的计算公式 {indicator.formula_key} 不存在。")
        raw[indicator.pk] = formula.compute(ctx, indicator.params or {})
        progress(int(80 * position / len(automatic)), write=position in checkpoints)

    totals: dict[int, Decimal] = {}
    # unit → one (indicator id, raw value, points, note) per indicator, in order.
    cells: dict[int, list[tuple[int, Decimal | None, Decimal, str]]] = {}
    # Per indicator, what every unit's cell needs, looked up once; and the points of each
    # raw value already scored (thousands of cells share a few hundred raw values).
    columns = [
        (
            indicator.pk,
            indicator.kind == IndicatorKind.MANUAL,
            raw.get(indicator.pk, {}) if indicator.kind == IndicatorKind.AUTOMATIC else {},
            indicator.max_score,
            factor_of[indicator.pk],
            indicator.params or {},
            {},
        )
        for indicator in indicators
    ]
    for unit in ctx.units:
        contributions = []
        row = []
        for indicator_id, is_manual, values, max_score, factor, params, scored in columns:
            value = values.get(unit)
            override = manual.get((indicator_id, unit))
            if override is not None:
                points, note = override, "人工评分" if is_manual else "人工调整"
            elif is_manual:
                points, note = max_score, "未扣分"
            else:
                points = scored.get(value)
                if points is None:
                    points = scored[value] = score(value, max_score=max_score, params=params)
                note = ""
            contributions.append(points * factor)
            row.append((indicator_id, value, points, note))
        # Exact points, one rounding (half-up) of the sum: the figure shown, ranked and graded.
        totals[unit] = total_of(contributions)
        cells[unit] = row
    ranks = rank(totals)
    grades = grade(totals, bands)
    fingerprint = _fingerprint(scheme, indicators, bands, ctx, raw, manual, groups)
    progress(90)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Do not wait for this commit to reach the disk: the run is derived data that
            # can be tallied again. A server crash within the next fraction of a second can
            # lose the whole transaction, never part of it: the previous run stays current
            # and this one reads as running until it is stale (STALE_AFTER).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        locked = _locked_scheme(scheme)  # serialises the flip with publish/lock
        ensure_editable(locked)
        unit_count = _write_results(
            run=run, unit_kind=scheme.unit_kind, units=ctx.units, totals=totals, ranks=ranks, grades=grades, cells=cells
        )
        TallyRun.objects.filter(scheme=scheme, is_current=True).update(is_current=False)
        run.status = RunStatus.COMPLETED
        run.is_current = True
        run.progress = 100
        run.fingerprint = fingerprint
        run.unit_count = unit_count
        run.error = ""
        run.finished_at = timezone.now()
        run.duration = round(time.perf_counter() - started, 3)
        run.save(
            update_fields=[
                "status",
                "is_current",
                "progress",
                "fingerprint",
                "unit_count",
                "error",
                "finished_at",
                "duration",
            ]
        )
        if locked.status == SchemeStatus.EVALUATING:
            locked.status = SchemeStatus.SCORED
            locked.save(update_fields=["status", "updated_at"])


# PostgreSQL: the results and their items in one statement, each column one array
# parameter. The items find their result by unit (the organisation of a branch scheme,
# the region of a region scheme), so no id travels back to Python.
_WRITE_RESULTS_SQL = f"""
WITH result AS (
    INSERT INTO {Result._meta.db_table} (run_id, region_id, organisation_id, unit_name, total, rank, grade)
    SELECT %s, r.region_id, r.organisation_id, r.unit_name, r.total, r.rank, r.grade
    FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::numeric[], %s::integer[], %s::varchar[])
        AS r(region_id, organisation_id, unit_name, total, rank, grade)
    RETURNING id, COALESCE(organisation_id, region_id) AS unit
)
INSERT INTO {ResultItem._meta.db_table} (result_id, indicator_id, raw_value, score, note)
SELECT result.id, i.indicator_id, i.raw_value, i.score, i.note
FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[], %s::numeric[], %s::varchar[])
    AS i(unit, indicator_id, raw_value, score, note)
JOIN result ON result.unit = i.unit
"""


def _columns(rows: list[tuple], width: int) -> list[list]:
    """Rows → one list per column (``width`` empty lists when there are no rows)."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _number_array(values: list) -> str:
    """A column of numbers (or None) as one PostgreSQL array literal, e.g. ``{1,2.50,NULL}``.

    Numbers need no quoting, and one string parameter is adapted ten times faster than
    a list of thousands of ``Decimal`` and ``int`` values. Text columns stay lists, for
    the driver to quote.
    """
    return "{" + ",".join("NULL" if value is None else str(value) for value in values) + "}"


def _write_results(*, run: TallyRun, unit_kind: str, units: dict, totals, ranks, grades, cells) -> int:
    """Insert the run's results and their items (inside the caller's transaction).

    Thousands of plain tuples, not model instances: on PostgreSQL they go in as column
    arrays of one statement (at city scale, building and preparing the 5,000 instances
    for ``bulk_create`` took longer than the scan of the year's logs); elsewhere through
    ``bulk_create``, one statement per table. Returns the number of results.
    """
    by_organisation = unit_kind == UnitKind.ORGANISATION
    results = [
        (region_id, unit if by_organisation else None, name, totals[unit], ranks[unit], grades[unit])
        for unit, (name, region_id) in units.items()
    ]
    items = [(unit, *cell) for unit in units for cell in cells[unit]]
    if connection.vendor == "postgresql":
        region_ids, organisation_ids, names, result_totals, positions, result_grades = _columns(results, 6)
        units_of_items, indicator_ids, values, points, notes = _columns(items, 5)
        params = [
            run.pk,
            _number_array(region_ids),
            _number_array(organisation_ids),
            names,
            _number_array(result_totals),
            _number_array(positions),
            result_grades,
            _number_array(units_of_items),
            _number_array(indicator_ids),
            _number_array(values),
            _number_array(points),
            notes,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_WRITE_RESULTS_SQL, params)
        return len(results)
    created = Result.objects.bulk_create(
        [
            Result(
                run_id=run.pk,
                region_id=region_id,
                organisation_id=organisation_id,
                unit_name=name,
                total=total,
                rank=position,
                grade=grade_,
            )
            for region_id, organisation_id, name, total, position, grade_ in results
        ],
        batch_size=5000,
    )
    result_of = {unit: result.pk for unit, result in zip(units, created, strict=True)}
    ResultItem.objects.bulk_create(
        [
            ResultItem(
                result_id=result_of[unit],
                indicator_id=indicator_id,
                raw_value=value,
                score=points,
                note=note,
            )
            for unit, indicator_id, value, points, note in items
        ],
        batch_size=10000,
    )
    return len(results)


# ---------------------------------------------------------------------------
# Scheduled tallies (django-celery-beat)
# ---------------------------------------------------------------------------
def _start_each(schemes, trigger: str) -> list[TallyRun]:
    started = []
    for scheme in schemes:
        try:
            started.append(tally_start(scheme=scheme, trigger=trigger))
        except ValidationError as exc:
            logger.info("scheduled tally of scheme %s skipped: %s", scheme.pk, exc.messages[0])
    return started


def tally_schedule_nightly(*, today: datetime.date | None = None) -> list[TallyRun]:
    """The provisional nightly tally of this year's schemes still being assessed."""
    year = (today or timezone.localdate()).year
    schemes = Scheme.objects.filter(year=year, status__in=[SchemeStatus.EVALUATING, SchemeStatus.SCORED])
    return _start_each(schemes, RunTrigger.NIGHTLY)


def tally_schedule_final(*, today: datetime.date | None = None) -> list[TallyRun]:
    """The final tally of last year's schemes (5 January), before they are published."""
    year = (today or timezone.localdate()).year - 1
    schemes = Scheme.objects.filter(year=year, status__in=[SchemeStatus.EVALUATING, SchemeStatus.SCORED])
    return _start_each(schemes, RunTrigger.FINAL)
