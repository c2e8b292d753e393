"""丹心向党: the bureau's own workforce — staff and their training, the rectification
ledger, the internal-control rules, contact points and research.

Scope is city/region: the city bureau's records sit in 市直, each district bureau's in its
region. Staff are working officials, not the retired cadres of ``people.Person``: they
have their own roster here (name, unit, post), linked to an account where they have one.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.workforce import choices as c

OPEN_STATUSES = (c.RectificationStatus.OPEN, c.RectificationStatus.IN_PROGRESS)


class RegionScoped(models.QuerySet):
    region_path = "region"

    def for_user(self, user):
        return scope_filter(self, user, region=self.region_path)


def scoped_by(path: str):
    return type(f"ScopedBy_{path.replace('__', '_')}", (RegionScoped,), {"region_path": path})


# ---------------------------------------------------------------------------
# Staff roster
# ---------------------------------------------------------------------------
class StaffMember(models.Model):
    name = models.CharField("姓名", max_length=40, db_index=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    unit = models.CharField("单位", max_length=100, help_text="如：市委老干部局、广陵区委老干部局")
    post = models.CharField("职务", max_length=60, blank=True)
    rank_band = models.CharField("职级类别", max_length=10, choices=c.RankBand.choices, default=c.RankBand.TOWNSHIP)
    joined_on = models.DateField("入职日期", null=True, blank=True)
    left_on = models.DateField("离职日期", null=True, blank=True)
    is_leader = models.BooleanField("局领导班子成员", default=False)
    is_bureau_head = models.BooleanField("局主要负责人", default=False, help_text="整改逾期升级的最后一级")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员名册"
        ordering = ["region__sort_order", "unit", "name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "离职日期不能早于入职日期。"})


# ---------------------------------------------------------------------------
# Training (干部教育培训工作条例 art. 13–15)
# ---------------------------------------------------------------------------
class TrainingRequirement(models.Model):
    """Art. 14's thresholds, one row per rank band; edited by the bureau, never hard-coded."""

    rank_band = models.CharField("职级类别", max_length=10, choices=c.RankBand.choices, unique=True)
    period_years = models.PositiveSmallIntegerField("考核周期（年）", validators=[MinValueValidator(1)])
    min_hours = models.DecimalField("应修学时", max_digits=6, decimal_places=1)
    min_days = models.DecimalField("或应修天数", max_digits=6, decimal_places=1)
    note = models.CharField("依据", max_length=200, blank=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训学时要求"
        verbose_name_plural = "培训学时要求"
        ordering = ["rank_band"]

    def __str__(self):
        return f"{self.get_rank_band_display()}：{self.period_years}年{self.min_hours}学时或{self.min_days}天"


class TrainingClass(models.Model):
    name = models.CharField("班次名称", max_length=100)
    training_type = models.CharField("培训类型", max_length=20, choices=c.TrainingType.choices)
    organiser = models.CharField("主办单位", max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("开班日期")
    ends_on = models.DateField("结业日期")
    hours_offline = models.DecimalField("线下学时", max_digits=6, decimal_places=1, default=Decimal("0"))
    hours_online = models.DecimalField("线上学时", max_digits=6, decimal_places=1, default=Decimal("0"))
    full_time = models.BooleanField("脱产培训", default=True, help_text="脱产培训请假超过总学时七分之一的，按退学处理")
    days = models.DecimalField("培训天数", max_digits=5, decimal_places=1, default=Decimal("0"), editable=False)

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    @property
    def total_hours(self) -> Decimal:
        return (self.hours_offline or 0) + (self.hours_online or 0)


class Enrolment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.CASCADE, related_name="enrolments"
    )
    staff = models.ForeignKey(StaffMember, verbose_name="学员", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(
        "状态", max_length=10, choices=c.EnrolmentStatus.choices, default=c.EnrolmentStatus.ENROLLED
    )
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    leave_hours = models.DecimalField("请假学时", max_digits=6, decimal_places=1, default=Decimal("0"), editable=False)
    credited_hours = models.DecimalField(
        "认定学时", max_digits=6, decimal_places=1, default=Decimal("0"), editable=False
    )
    credited_days = models.DecimalField(
        "认定天数", max_digits=5, decimal_places=1, default=Decimal("0"), editable=False
    )
    note = models.CharField("备注", max_length=200, blank=True)

    objects = scoped_by("training_class__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        ordering = ["-training_class__starts_on", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["training_class", "staff"], name="workforce_one_enrolment")]

    def __str__(self):
        return f"{self.staff.name} · {self.training_class.name}"


class LeaveRecord(models.Model):
    enrolment = models.ForeignKey(Enrolment, verbose_name="参训记录", on_delete=models.CASCADE, related_name="leaves")
    on = models.DateField("请假日期")
    hours = models.DecimalField(
        "请假学时", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    reason = models.CharField("事由", max_length=200)

    objects = scoped_by("enrolment__training_class__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "请假记录"
        verbose_name_plural = "请假记录"
        ordering = ["-on"]

    def __str__(self):
        return f"{self.enrolment} 请假{self.hours}学时"


class OutsideTraining(models.Model):
    """Upper-level (调训), other organisers' and self-study records; only 结业 ones count."""

    staff = models.ForeignKey(StaffMember, verbose_name="学员", on_delete=models.PROTECT, related_name="outside")
    kind = models.CharField("类别", max_length=12, choices=c.OutsideKind.choices)
    title = models.CharField("培训名称", max_length=100)
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    hours_offline = models.DecimalField("线下学时", max_digits=6, decimal_places=1, default=Decimal("0"))
    hours_online = models.DecimalField("线上学时", max_digits=6, decimal_places=1, default=Decimal("0"))
    days = models.DecimalField("脱产天数", max_digits=5, decimal_places=1, default=Decimal("0"))
    graduated = models.BooleanField("已结业", default=False)
    certificate = models.FileField("结业证明", upload_to="workforce/certificates/%Y/", blank=True)

    objects = scoped_by("staff__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调训及自学记录"
        verbose_name_plural = "调训及自学记录"
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.staff.name} · {self.title}"


class TrainingCredit(models.Model):
    """One row per credited training — each completed enrolment (its class's end date, the
    hours and days credited at sign-out) and each 结业 outside record (its end date, offline
    plus online hours, days) — so art. 14's per-person sums are one join and one GROUP BY
    (``selectors.training_compliance``) instead of a correlated sum per person and source.

    A database VIEW (migration 0004), read only: written through the enrolment and outside
    records it is made of, never itself. The ids: an enrolment's id, an outside record's id
    negated. PostgreSQL refuses to change the type of a column a view reads: a migration
    that alters one of the columns above drops the view first and creates it again after
    (``VIEW_SQL`` in that migration)."""

    id = models.BigIntegerField(primary_key=True)
    staff = models.ForeignKey(
        StaffMember, on_delete=models.DO_NOTHING, db_constraint=False, related_name="credits", verbose_name="学员"
    )
    ends_on = models.DateField("结业日期")
    hours = models.DecimalField("认定学时", max_digits=8, decimal_places=1)
    days = models.DecimalField("认定天数", max_digits=8, decimal_places=1)

    class Meta:
        managed = False
        db_table = "workforce_training_credit"
        default_permissions = ()
        verbose_name = "认定学时（视图）"
        verbose_name_plural = "认定学时（视图）"

    def __str__(self):
        return f"{self.ends_on} {self.hours}学时"


# ---------------------------------------------------------------------------
# Rectification ledger (巡察整改: 五份清单, 对账销号, 回头看)
# ---------------------------------------------------------------------------
class RectificationPolicy(models.Model):
    """Deadlines and reminder days per class, as data (NORMS N-W2: 2–3 months, 7-day warnings)."""

    rect_class = models.CharField("整改类别", max_length=12, choices=c.RectificationClass.choices, unique=True)
    deadline_working_days = models.PositiveSmallIntegerField("默认整改期限（工作日）")
    remind_days_before = models.PositiveSmallIntegerField("到期前提醒（工作日）", default=7)
    escalate_leader_after = models.PositiveSmallIntegerField("逾期几个工作日提醒责任领导", default=5)
    escalate_head_after = models.PositiveSmallIntegerField("逾期几个工作日报告局主要负责人", default=10)
    recheck_after_days = models.PositiveSmallIntegerField("销号后几日回头看", default=90)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改时限规则"
        verbose_name_plural = "整改时限规则"
        ordering = ["rect_class"]

    def __str__(self):
        return f"{self.get_rect_class_display()}：{self.deadline_working_days}个工作日"


class RectificationRound(models.Model):
    name = models.CharField("巡察轮次", max_length=100, help_text="如：市委第三巡察组巡察反馈")
    region = models.ForeignKey("regions.Region", verbose_name="被巡察区域", on_delete=models.PROTECT, related_name="+")
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "巡察轮次"
        verbose_name_plural = "巡察轮次"
        ordering = ["-feedback_on", "name"]

    def __str__(self):
        return self.name


class RectificationQuerySet(RegionScoped):
    def overdue(self, on: datetime.date | None = None):
        return self.filter(deadline__lt=on or timezone.localdate(), status__in=OPEN_STATUSES)


class RectificationItem(models.Model):
    round = models.ForeignKey(
        RectificationRound,
        verbose_name="巡察轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    source = models.CharField("问题来源", max_length=100, help_text="如：市委第三巡察组反馈")
    problem = models.TextField("问题描述")
    task = models.TextField("整改任务", blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="责任区域", on_delete=models.PROTECT, related_name="+")
    responsible_unit = models.CharField("责任单位", max_length=100, blank=True)
    owner = models.CharField("责任人（原登记）", max_length=40, blank=True)
    owner_staff = models.ForeignKey(
        StaffMember, verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        StaffMember, verbose_name="责任领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measures = models.TextField("整改措施", blank=True)
    rect_class = models.CharField(
        "整改类别", max_length=12, choices=c.RectificationClass.choices, default=c.RectificationClass.DEADLINE
    )
    deadline = models.DateField("整改时限")
    evidence = models.TextField("整改成效说明", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=c.RectificationStatus.choices, default=c.RectificationStatus.OPEN
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("验收时间", null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复签人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField("已升级层级", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RectificationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "巡察整改台账"
        ordering = ["status", "deadline"]

    def __str__(self):
        return self.problem[:30]

    @property
    def is_overdue(self) -> bool:
        return self.deadline < timezone.localdate() and self.status in OPEN_STATUSES

    @property
    def owner_display(self) -> str:
        return self.owner_staff.name if self.owner_staff_id else self.owner


class RectificationProgress(models.Model):
    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.CASCADE, related_name="progress"
    )
    on = models.DateField("进展日期")
    note = models.TextField("进展情况")
    attachment = models.FileField("附件", upload_to="workforce/progress/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_by("item__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on} {self.note[:20]}"


class RectificationEvidence(models.Model):
    item = models.ForeignKey(RectificationItem, verbose_name="整改事项", on_delete=models.CASCADE, related_name="files")
    title = models.CharField("材料名称", max_length=100)
    file = models.FileField("佐证材料", upload_to="workforce/evidence/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = scoped_by("item__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


class RectificationRecheck(models.Model):
    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.CASCADE, related_name="rechecks"
    )
    due_on = models.DateField("回头看日期")
    result = models.CharField("结果", max_length=10, choices=c.RecheckResult.choices, default=c.RecheckResult.SCHEDULED)
    done_on = models.DateField("实际检查日期", null=True, blank=True)
    note = models.TextField("检查情况", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_by("item__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["due_on"]

    def __str__(self):
        return f"{self.item} · 回头看 {self.due_on}"


# ---------------------------------------------------------------------------
# Internal-control rules (建章立制)
# ---------------------------------------------------------------------------
class Rule(models.Model):
    area = models.CharField("业务领域", max_length=14, choices=c.RuleArea.choices)
    number = models.CharField("文号", max_length=40)
    title = models.CharField("制度名称", max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("印发日期")
    owner_unit = models.CharField("归口科室", max_length=60)
    owner = models.ForeignKey(
        StaffMember, verbose_name="负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.CharField("版本", max_length=20, default="1.0")
    file = models.FileField("制度文件", upload_to="workforce/rules/%Y/", blank=True)
    review_every_months = models.PositiveSmallIntegerField("评估周期（月）", default=12)
    review_due = models.DateField("下次评估日期")
    last_reviewed_on = models.DateField("上次评估日期", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="被以下制度替代",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    closes_items = models.ManyToManyField(
        RectificationItem,
        verbose_name="建章立制对应整改事项",
        blank=True,
        related_name="rules",
        through="RuleClosure",
    )

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "内控制度"
        verbose_name_plural = "内控制度库"
        ordering = ["area", "number"]

    def __str__(self):
        return f"{self.title}（{self.number}）"

    @property
    def in_force(self) -> bool:
        return self.superseded_by_id is None


class RuleClosure(models.Model):
    """建章立制: a rule written (or revised) to close a rectification item."""

    rule = models.ForeignKey(Rule, verbose_name="内控制度", on_delete=models.CASCADE, related_name="closures")
    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.CASCADE, related_name="closures"
    )

    objects = scoped_by("rule__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "建章立制对应整改事项"
        verbose_name_plural = "建章立制对应整改事项"
        constraints = [models.UniqueConstraint(fields=["rule", "item"], name="workforce_one_rule_closure")]

    def __str__(self):
        return f"《{self.rule.title}》对应整改事项：{self.item}"


# ---------------------------------------------------------------------------
# Contact points (联系点)
# ---------------------------------------------------------------------------
class ContactPoint(models.Model):
    leader = models.ForeignKey(
        StaffMember, verbose_name="联系领导", on_delete=models.PROTECT, related_name="contact_points"
    )
    name = models.CharField("联系点", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=c.ContactKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    visit_every_months = models.PositiveSmallIntegerField(
        "走访周期（月）", default=1, validators=[MinValueValidator(1)]
    )
    since = models.DateField("建立日期")
    active = models.BooleanField("在用", default=True)

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "联系点"
        verbose_name_plural = "领导联系点"
        ordering = ["leader__name", "name"]

    def __str__(self):
        return self.name


class ContactVisit(models.Model):
    point = models.ForeignKey(ContactPoint, verbose_name="联系点", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人员", max_length=100)
    summary = models.TextField("走访情况", blank=True)

    objects = scoped_by("point__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "联系点走访记录"
        ordering = ["-visited_on"]

    def __str__(self):
        return f"{self.point} · {self.visited_on}"


class ContactIssue(models.Model):
    visit = models.ForeignKey(ContactVisit, verbose_name="走访记录", on_delete=models.CASCADE, related_name="issues")
    description = models.TextField("反映问题")
    status = models.CharField("办理状态", max_length=8, choices=c.IssueStatus.choices, default=c.IssueStatus.OPEN)
    task = models.TextField("交办任务", blank=True)
    assignee = models.CharField("承办单位", max_length=100, blank=True)
    due_on = models.DateField("办结时限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.TextField("办理结果", blank=True)

    objects = scoped_by("visit__point__region").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "联系点问题"
        verbose_name_plural = "联系点问题办理"
        ordering = ["status", "due_on"]

    def __str__(self):
        return self.description[:30]


# ---------------------------------------------------------------------------
# Research (调研)
# ---------------------------------------------------------------------------
class ResearchQuota(models.Model):
    """Days at the grassroots and reports per leader per year (NORMS N-W4), as data."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    min_days = models.PositiveSmallIntegerField("基层调研天数", default=60)
    min_reports = models.PositiveSmallIntegerField("调研报告篇数", default=1)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调研指标"
        verbose_name_plural = "调研指标"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年：{self.min_days}天、{self.min_reports}篇"


class ResearchVisit(models.Model):
    leader = models.ForeignKey(StaffMember, verbose_name="调研领导", on_delete=models.PROTECT, related_name="research")
    region = models.ForeignKey("regions.Region", verbose_name="调研区域", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("调研日期")
    days = models.DecimalField("天数", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    place = models.CharField("调研地点", max_length=100)
    topic = models.CharField("调研主题", max_length=100)
    findings = models.TextField("发现问题及建议", blank=True)

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调研走访"
        verbose_name_plural = "调研走访"
        ordering = ["-started_on"]

    def __str__(self):
        return f"{self.leader.name} · {self.topic}"


class ResearchReport(models.Model):
    leader = models.ForeignKey(StaffMember, verbose_name="执笔领导", on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(
        ResearchVisit, verbose_name="来源调研", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    title = models.CharField("报告题目", max_length=100)
    submitted_on = models.DateField("形成日期")
    file = models.FileField("报告文件", upload_to="workforce/reports/%Y/", blank=True)
    award_level = models.CharField("获奖级别", max_length=10, choices=c.AwardLevel.choices, blank=True)
    award_grade = models.CharField("获奖等次", max_length=8, choices=c.AwardGrade.choices, blank=True)
    instruction = models.TextField("领导批示", blank=True)
    instructed_by = models.CharField("批示领导", max_length=40, blank=True)
    conversion = models.CharField(
        "成果转化", max_length=12, choices=c.ConversionStatus.choices, default=c.ConversionStatus.NONE
    )
    conversion_note = models.TextField("转化情况", blank=True)

    objects = RegionScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调研成果"
        verbose_name_plural = "调研成果"
        ordering = ["-submitted_on"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.award_level) != bool(self.award_grade):
            raise ValidationError("获奖级别和获奖等次须同时填写。")
