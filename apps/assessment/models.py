"""年度综合考评: schemes, their indicators and grade rules, tally runs and their results.

A scheme assesses either the regions (县市区) or the Party organisations (党支部) of one year.
Every tally writes a whole new run (results and their items); exactly one completed run
per scheme is current, so a failed or interrupted run never touches what people see.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.choices import Role, ScopeKind
from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.assessment.choices import (
    AppealStatus,
    Brand,
    Grade,
    IndicatorKind,
    RunStatus,
    RunTrigger,
    SchemeStatus,
    UnitKind,
)

ACTIVE_RUN_STATUSES = (RunStatus.PENDING, RunStatus.RUNNING)


# ---------------------------------------------------------------------------
# Schemes, indicators, grade rules
# ---------------------------------------------------------------------------
class Scheme(models.Model):
    """One year's assessment of one kind of unit; its indicators and grade rules are data."""

    year = models.PositiveSmallIntegerField("考评年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    unit_kind = models.CharField("考评对象", max_length=20, choices=UnitKind.choices)
    name = models.CharField("方案名称", max_length=100)
    status = models.CharField("状态", max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    appeal_days = models.PositiveSmallIntegerField(
        "申诉期（天）", default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    early_close_reason = models.TextField("提前结束申诉期理由", blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # The bureau's scheme is the same for every assessed unit: scoped roles read it whole.
    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评方案"
        verbose_name_plural = "考评方案"
        ordering = ["-year", "unit_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit_kind"],
                name="one_scheme_per_year_and_unit_kind",
                violation_error_message="该年度已有同类考评对象的方案。",
            )
        ]
        permissions = [
            ("run_tally", "可发起考评计分"),
            ("publish_scheme", "可公示和锁定考评结果"),
            ("close_appeal_early", "可提前结束申诉期（须填写理由）"),
            ("answer_appeal", "可答复考评申诉"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.status == SchemeStatus.LOCKED

    @property
    def appeal_deadline(self):
        """The end of the window's last day (local time): published on the 6th with 7 days,
        appeals are open until the 13th, 23:59:59 — never a minute-precise cut-off that a
        publication at 08:58 would move to 08:58."""
        if not self.published_at:
            return None
        import datetime

        from django.utils import timezone

        last_day = timezone.localdate(self.published_at) + datetime.timedelta(days=self.appeal_days)
        return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))


class IndicatorGroup(models.Model):
    """A brand's share of a grouped scheme's 100 points (综合考评 across the brands).

    A scheme with groups scores each group out of its ``weight``: the group's indicators
    (those of its brand) are scaled together so that full marks on all of them give the
    whole weight, and the weights of a scheme's groups total exactly 100. A scheme without
    groups adds ``score × 权重系数`` of its indicators as before.
    """

    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.CASCADE, related_name="groups")
    brand = models.CharField("品牌", max_length=20, choices=Brand.choices)
    weight = models.DecimalField(
        "分组权重（分）",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text="该品牌在总分 100 分中所占的分值；各分组合计须为 100。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "品牌分组权重"
        verbose_name_plural = "品牌分组权重"
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "brand"],
                name="one_indicator_group_per_brand",
                violation_error_message="每个品牌在一个方案中只能设置一个分组。",
            )
        ]

    def __str__(self):
        return f"{self.get_brand_display()}（{self.weight}分）"


class Indicator(models.Model):
    """One line of a scheme: automatic (a formula of the registry) or scored by hand.

    ``params`` holds the formula's inputs and the scoring rule, e.g.
    ``{"method": "linear", "target": 100}``, ``{"method": "thresholds", "bands": [[90, 1], [60, 0.6]]}``
    or ``{"method": "deduction", "per_item": 0.5, "expected": 12}`` (see ``scoring.py``).
    """

    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.CASCADE, related_name="indicators")
    brand = models.CharField("所属品牌", max_length=20, choices=Brand.choices, default=Brand.VANGUARD)
    code = models.CharField("指标编号", max_length=20)
    name = models.CharField("指标名称", max_length=100)
    weight = models.DecimalField(
        "权重系数",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="计入总分时的系数：总分 = Σ（指标得分 × 权重系数）。",
    )
    max_score = models.DecimalField(
        "满分", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    kind = models.CharField("计分方式", max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.AUTOMATIC)
    formula_key = models.CharField("计算公式", max_length=60, blank=True, help_text="自动计算指标在指标库中的公式。")
    params = models.JSONField("参数", default=dict, blank=True, help_text="目标值、分档、扣分标准等（JSON）。")
    scorer_role = models.CharField(
        "评分角色",
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text="人工评分指标由哪一角色评分；未评分的单位按满分计，扣分须说明理由。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评指标"
        verbose_name_plural = "考评指标"
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="unique_indicator_code", violation_error_message="指标编号不能重复。"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from apps.assessment.indicators import REGISTRY
        from apps.assessment.scoring import validate_params

        errors = {}
        if self.kind == IndicatorKind.AUTOMATIC:
            if self.formula_key not in REGISTRY:
                errors["formula_key"] = "自动计算指标须选择指标库中已有的公式。"
        elif not self.scorer_role:
            errors["scorer_role"] = "人工评分指标须指定评分角色。"
        try:
            validate_params(self.params or {}, automatic=self.kind == IndicatorKind.AUTOMATIC)
        except ValidationError as exc:
            errors["params"] = exc.messages
        if errors:
            raise ValidationError(errors)


class GradeRule(models.Model):
    """A grade band: at least ``min_score`` points and at most ``max_share`` of the units.

    Rules are applied in ``order``; units with equal totals always get the same grade, so a
    tie that would break the share cap drops to the next band together.
    """

    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.CASCADE, related_name="grade_rules")
    grade = models.CharField("等次", max_length=10, choices=Grade.choices)
    min_score = models.DecimalField("最低分", max_digits=6, decimal_places=2, default=Decimal("0"))
    max_share = models.DecimalField(
        "比例上限",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="如 0.20 表示不超过参评单位的 20%；留空表示不限。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "等次规则"
        verbose_name_plural = "等次规则"
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "grade"],
                name="unique_grade_rule",
                violation_error_message="每个等次只能设置一条规则。",
            )
        ]

    def __str__(self):
        return f"{self.get_grade_display()}（≥{self.min_score}分）"


# ---------------------------------------------------------------------------
# Manual scores and appeals (per assessed unit)
# ---------------------------------------------------------------------------
class UnitQuerySet(models.QuerySet):
    """Rows about one assessed unit: a region, or an organisation within a region."""

    def for_user(self, user):
        return scope_filter(self, user, region="region", organisation="organisation")


class ManualScore(models.Model):
    """An evaluator's score of one unit on one indicator (a manual one, or an override)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="考评指标", on_delete=models.CASCADE, related_name="manual_scores"
    )
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "party.Organisation", verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    reason = models.CharField("评分理由", max_length=500, blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("评分时间", auto_now=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        ordering = ["indicator", "region", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region"],
                condition=models.Q(organisation__isnull=True),
                name="one_manual_score_per_region",
                violation_error_message="该单位此项指标已有评分，请修改原评分。",
            ),
            models.UniqueConstraint(
                fields=["indicator", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_manual_score_per_organisation",
                violation_error_message="该单位此项指标已有评分，请修改原评分。",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.organisation or self.region}：{self.score}"


class Appeal(models.Model):
    """An assessed unit's objection to its published result, and the bureau's answer."""

    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.CASCADE, related_name="appeals")
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "party.Organisation", verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("申诉单位", max_length=100)
    reason = models.TextField("申诉理由")
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申诉人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lodged_at = models.DateTimeField("申诉时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    answer = models.TextField("答复意见", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评申诉"
        verbose_name_plural = "考评申诉"
        ordering = ["-lodged_at"]

    def __str__(self):
        return f"{self.unit_name}：{self.get_status_display()}"


# ---------------------------------------------------------------------------
# Tally runs and their results
# ---------------------------------------------------------------------------
class TallyRunQuerySet(models.QuerySet):
    def for_user(self, user):
        """City-wide users see every run; a scoped user only the current run of a published
        (or locked) scheme: drafts and provisional tallies stay with the bureau."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        kind = user.scope_kind
        if kind == ScopeKind.CITY:
            return self
        if kind == ScopeKind.NONE:
            return self.none()
        return self.filter(is_current=True, scheme__status__in=[SchemeStatus.PUBLISHED, SchemeStatus.LOCKED])


class TallyRun(models.Model):
    """One computation of a scheme: the unit of work of the Celery task."""

    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField("发起方式", max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    duration = models.FloatField("用时（秒）", null=True, blank=True)
    unit_count = models.PositiveIntegerField("参评单位数", default=0)
    error = models.TextField("错误信息", blank=True)
    fingerprint = models.CharField("输入指纹", max_length=64, blank=True)
    is_current = models.BooleanField("当前结果", default=False)

    objects = TallyRunQuerySet.as_manager()

    class Meta:
        verbose_name = "计分记录"
        verbose_name_plural = "计分记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The lock: at most one queued or running tally per scheme.
            models.UniqueConstraint(
                fields=["scheme"],
                condition=models.Q(status__in=ACTIVE_RUN_STATUSES),
                name="one_active_tally_per_scheme",
                violation_error_message="该方案已有计分任务在进行中，请稍后再试。",
            ),
            models.UniqueConstraint(
                fields=["scheme"], condition=models.Q(is_current=True), name="one_current_tally_per_scheme"
            ),
        ]

    def __str__(self):
        return f"{self.scheme} · {self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"


class ResultQuerySet(UnitQuerySet):
    def current(self):
        return self.filter(run__is_current=True)


class Result(models.Model):
    """One assessed unit's total, rank and grade in one run."""

    run = models.ForeignKey(TallyRun, verbose_name="计分记录", on_delete=models.CASCADE, related_name="results")
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "party.Organisation", verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("单位", max_length=100)
    # The published total: the exact sum of the unit's (full-precision) points rounded once,
    # half-up, to two places; ranks and grades are decided on this very figure.
    total = models.DecimalField("总分", max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    grade = models.CharField("等次", max_length=10, choices=Grade.choices, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "考评结果"
        verbose_name_plural = "考评结果"
        ordering = ["run", "rank", "unit_name"]
        indexes = [models.Index(fields=["run", "rank"])]

    def __str__(self):
        return f"{self.unit_name} 第{self.rank}名"

    @property
    def unit_id(self) -> int:
        return self.organisation_id or self.region_id


class ResultItem(models.Model):
    """One unit's raw value and score on one indicator in one run (the run of its result).

    No column of its own for the run: a copy of ``result.run`` cost every tally a foreign
    key check and an index entry per item (thousands per run) and served no query.
    """

    result = models.ForeignKey(Result, verbose_name="考评结果", on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, verbose_name="考评指标", on_delete=models.CASCADE, related_name="+")
    # Kept at full precision (12 places, the noise floor of ``apps.core.figures.half_up``):
    # rounded once, half-up, where it is shown or exported — never before.
    raw_value = models.DecimalField("原始值", max_digits=24, decimal_places=12, null=True, blank=True)
    score = models.DecimalField("得分", max_digits=24, decimal_places=12)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["result", "indicator__order"]

    def __str__(self):
        return f"{self.indicator}：{self.score}"
