"""牵手夕阳: the service records of the bureau's care for retired cadres.

The person is the one ``people.Person``; every record here points at it and is scoped by
its region. The rules (deadlines, caps, thresholds) and the catalogues are data, edited by
the bureau: ``CareRule`` (one row), ``AbilityGrade``, ``Festival``, ``AidReason``,
``TreatmentItem``, ``ModificationItem``. Writes go through :mod:`apps.care.services`.
"""

import datetime
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.choices import ScopeKind
from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.care.choices import (
    AidSource,
    AidStatus,
    ModificationStage,
    PointKind,
    TaskStatus,
    TreatmentKind,
    VisitType,
)
from apps.regions.choices import RegionKind


class PersonScopedQuerySet(models.QuerySet):
    """Records of one person: in scope where the person's region is."""

    person_path = "person"

    def for_user(self, user):
        return scope_filter(self, user, region=f"{self.person_path}__region")


# ---------------------------------------------------------------------------
# Reference data: the same for the whole city, edited by the bureau
# ---------------------------------------------------------------------------
class CareRule(models.Model):
    """The bureau's care rules as data (one row, see :func:`CareRule.current`)."""

    not_visited_months = models.PositiveSmallIntegerField("未走访预警（月）", default=3)
    high_age = models.PositiveSmallIntegerField("高龄起点（周岁）", default=80)
    admission_visit_days = models.PositiveSmallIntegerField("住院看望时限（天）", default=3)
    admission_working_days = models.BooleanField("住院看望按工作日计", default=True)
    birthday_ages = models.CharField("逢整生日看望（周岁）", max_length=40, default="80,90,100")
    death_visit_days = models.PositiveSmallIntegerField("吊唁慰问时限（天）", default=3)
    survivor_visit_days = models.PositiveSmallIntegerField("遗属慰问时限（天）", default=30)
    long_stay_days = models.PositiveSmallIntegerField("长期住院认定（天）", default=90)
    aid_annual_cap = models.DecimalField(
        "困难帮扶年度上限（元）", max_digits=10, decimal_places=2, default=Decimal(5000)
    )
    aid_decision_days = models.PositiveSmallIntegerField("帮扶办理时限（工作日）", default=10)
    notice_days = models.PositiveSmallIntegerField("适老化改造公示期（天）", default=7)
    followup_months = models.PositiveSmallIntegerField("改造后回访（月）", default=6)
    reassess_days = models.PositiveSmallIntegerField("照护重新评估周期（天）", default=90)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "关爱服务规则"
        verbose_name_plural = "关爱服务规则"

    def __str__(self):
        return "关爱服务规则"

    @classmethod
    def current(cls) -> "CareRule":
        rule = cls.objects.order_by("pk").first()
        return rule or cls.objects.create()

    @property
    def birthday_age_list(self) -> list[int]:
        return sorted({int(x) for x in self.birthday_ages.replace("，", ",").split(",") if x.strip().isdigit()})


class AbilityGrade(models.Model):
    """A level of the ability scale (GB/T 42195-2022 by default)."""

    name = models.CharField("等级名称", max_length=20, unique=True)
    level = models.PositiveSmallIntegerField("等级序号", unique=True, help_text="0 为能力完好，数字越大失能越重")
    disabled = models.BooleanField("属于失能", default=False)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "能力等级"
        verbose_name_plural = "能力评估等级"
        ordering = ["level"]

    def __str__(self):
        return self.name


class Festival(models.Model):
    name = models.CharField("节日名称", max_length=20)
    date = models.DateField("节日日期")
    lead_days = models.PositiveSmallIntegerField("提前慰问（天）", default=7)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "慰问节日"
        verbose_name_plural = "慰问节日"
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["name", "date"], name="care_festival_unique")]

    def __str__(self):
        return f"{self.date.year}年{self.name}"


class AidReason(models.Model):
    name = models.CharField("帮扶原因", max_length=40, unique=True)
    active = models.BooleanField("启用", default=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "帮扶原因"
        verbose_name_plural = "帮扶原因"
        ordering = ["name"]

    def __str__(self):
        return self.name


class TreatmentItem(models.Model):
    kind = models.CharField("类别", max_length=10, choices=TreatmentKind.choices)
    name = models.CharField("待遇项目", max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "待遇项目"
        verbose_name_plural = "两项待遇项目"
        ordering = ["kind", "sort_order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.name}"


class ModificationItem(models.Model):
    """The 民发〔2020〕86号 catalogue: 7 basic and 23 optional items."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    category = models.CharField("类别", max_length=20)
    name = models.CharField("改造项目", max_length=40)
    basic = models.BooleanField("基础类", default=False, help_text="基础类政府补贴，可选类家庭自付")
    unit_cost = models.DecimalField("参考单价（元）", max_digits=10, decimal_places=2, default=Decimal(0))
    active = models.BooleanField("启用", default=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "适老化改造项目"
        verbose_name_plural = "适老化改造项目清单"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}（{'基础' if self.basic else '可选'}）"


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region")


class ModificationPlan(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    households = models.PositiveIntegerField("计划改造户数")

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度改造计划"
        verbose_name_plural = "适老化改造年度计划"
        ordering = ["-year", "region__sort_order"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="care_plan_unique")]

    def __str__(self):
        return f"{self.year}年{self.region}"


# ---------------------------------------------------------------------------
# The care profile
# ---------------------------------------------------------------------------
class CareProfile(models.Model):
    person = models.OneToOneField(
        "people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="care_profile"
    )
    family_doctor_signed = models.BooleanField("已签约家庭医生", default=False)
    family_doctor = models.CharField("家庭医生", max_length=40, blank=True)
    doctor_institution = models.CharField("签约机构", max_length=80, blank=True)
    green_channel_hospital = models.CharField("就医绿色通道医院", max_length=80, blank=True)
    medical_hardship_covered = models.BooleanField("纳入医疗特困帮扶机制", default=False)
    medical_policy_done = models.BooleanField(
        "医疗待遇政策已落实", default=False, help_text="含自付医疗费用补助已按规定发放"
    )
    ability_grade = models.ForeignKey(
        AbilityGrade, verbose_name="能力等级", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lives_alone = models.BooleanField("独居", default=False)
    disabled = models.BooleanField("失能或残疾", default=False)
    next_of_kin = models.CharField("亲属联系人", max_length=40, blank=True)
    next_of_kin_relation = models.CharField("与本人关系", max_length=20, blank=True)
    next_of_kin_phone = models.CharField("亲属联系电话", max_length=20, blank=True)
    died_on = models.DateField("去世日期", null=True, blank=True, editable=False)
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "关爱档案"
        verbose_name_plural = "关爱档案"
        ordering = ["person__region__sort_order", "person__name_pinyin", "id"]
        permissions = [("read_aid_money", "查看帮扶金额等经济信息")]

    def __str__(self):
        return f"{self.person}的关爱档案"

    @property
    def sanyou_items(self) -> list[bool]:
        return [
            bool(self.green_channel_hospital),
            self.family_doctor_signed,
            self.medical_hardship_covered,
            self.medical_policy_done,
        ]


# ---------------------------------------------------------------------------
# Hospital register, visit tasks and visits
# ---------------------------------------------------------------------------
class HospitalStay(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    hospital = models.CharField("医院", max_length=80)
    department = models.CharField("科室", max_length=40, blank=True)
    bed = models.CharField("床号", max_length=20, blank=True)
    admitted_on = models.DateField("住院日期")
    condition = models.TextField("病情", blank=True)
    discharged_on = models.DateField("出院日期", null=True, blank=True)
    outcome = models.CharField("治疗结果", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "住院登记"
        verbose_name_plural = "住院登记"
        ordering = ["-admitted_on", "-id"]
        indexes = [models.Index(fields=["person", "discharged_on"])]

    def __str__(self):
        return f"{self.person} {self.admitted_on:%Y-%m-%d} {self.hospital}"


class VisitTaskQuerySet(PersonScopedQuerySet):
    def overdue(self, today: datetime.date | None = None):
        return self.filter(status=TaskStatus.OPEN, due_on__lt=today or timezone.localdate())


class VisitTask(models.Model):
    """A visit that is due: made by an admission, a round birthday, a festival or a death."""

    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    visit_type = models.CharField("看望类型", max_length=12, choices=VisitType.choices)
    reason = models.CharField("事由", max_length=80)
    due_on = models.DateField("应看望日期")
    status = models.CharField("状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    stay = models.ForeignKey(
        HospitalStay, verbose_name="住院登记", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    festival = models.ForeignKey(
        Festival, verbose_name="节日", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField("看望日期", null=True, blank=True)
    closed_reason = models.CharField("关闭原因", max_length=80, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    objects = VisitTaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "看望任务"
        verbose_name_plural = "看望任务"
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            # One task per person per festival / per round birthday: the schedule may run twice.
            models.UniqueConstraint(fields=["person", "festival"], name="care_task_festival_once"),
            models.UniqueConstraint(
                fields=["person", "visit_type", "due_on"],
                condition=models.Q(visit_type="birthday"),
                name="care_task_birthday_once",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.reason}"

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def on_time(self) -> bool | None:
        if self.status != TaskStatus.DONE or self.done_on is None:
            return None
        return self.done_on <= self.due_on


class Visit(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    visit_type = models.CharField("看望类型", max_length=12, choices=VisitType.choices)
    visited_on = models.DateField("看望日期")
    place = models.CharField("地点", max_length=80, blank=True)
    visitors = models.CharField("看望人员", max_length=200)
    gifts = models.CharField("慰问品（金）", max_length=200, blank=True)
    feedback = models.TextField("反馈信息", blank=True)
    photo = models.ImageField("照片", upload_to="care/visits/%Y/%m/", blank=True)
    stay = models.ForeignKey(
        HospitalStay, verbose_name="住院登记", on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    task = models.OneToOneField(
        VisitTask, verbose_name="看望任务", on_delete=models.PROTECT, null=True, blank=True, related_name="visit"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "走访慰问"
        verbose_name_plural = "走访慰问记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["person", "visited_on"]), models.Index(fields=["visited_on", "visit_type"])]

    def __str__(self):
        return f"{self.person} {self.visited_on:%Y-%m-%d} {self.get_visit_type_display()}"


# ---------------------------------------------------------------------------
# Two treatments
# ---------------------------------------------------------------------------
class TreatmentRecord(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="离休干部", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(TreatmentItem, verbose_name="待遇项目", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField("落实日期")
    evidence = models.CharField("佐证材料", max_length=200)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "两项待遇落实记录"
        verbose_name_plural = "两项待遇台账"
        ordering = ["-done_on", "-id"]
        indexes = [models.Index(fields=["done_on", "person"])]

    def __str__(self):
        return f"{self.person} {self.item.name} {self.done_on:%Y-%m-%d}"


# ---------------------------------------------------------------------------
# Hardship aid
# ---------------------------------------------------------------------------
class AidApplication(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    reason = models.ForeignKey(AidReason, verbose_name="帮扶原因", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("帮扶单位", max_length=12, choices=AidSource.choices, default=AidSource.BUREAU)
    applied_on = models.DateField("申请日期")
    monthly_income = models.DecimalField(
        "家庭月人均收入（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    illness = models.CharField("患病情况", max_length=200, blank=True)
    amount_requested = models.DecimalField(
        "申请金额（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    status = models.CharField("状态", max_length=12, choices=AidStatus.choices, default=AidStatus.SUBMITTED)
    eligibility_note = models.CharField("资格审核意见", max_length=200, blank=True)
    checked_by = models.CharField("资格审核人", max_length=40, blank=True)
    checked_on = models.DateField("资格审核日期", null=True, blank=True)
    approved_amount = models.DecimalField("批准金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    decided_by = models.CharField("审批人", max_length=40, blank=True)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    refusal_reason = models.CharField("不予批准理由", max_length=200, blank=True)
    paid_amount = models.DecimalField("发放金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    payer = models.CharField("发放人", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "困难帮扶申请"
        verbose_name_plural = "困难帮扶"
        ordering = ["-applied_on", "-id"]
        permissions = [("approve_aidapplication", "审批困难帮扶")]

    def __str__(self):
        return f"{self.person} {self.applied_on:%Y-%m-%d} {self.reason}"


# ---------------------------------------------------------------------------
# Age-friendly home modification, one file per household
# ---------------------------------------------------------------------------
class ModificationCase(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("计划年度")
    assessed_on = models.DateField("入户评估日期")
    assessor = models.CharField("评估机构/人员", max_length=60)
    ability_grade = models.ForeignKey(AbilityGrade, verbose_name="能力等级", on_delete=models.PROTECT, related_name="+")
    home_notes = models.TextField("居家环境评估", blank=True)
    approved_on = models.DateField("审批日期", null=True, blank=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    contractor = models.CharField("施工单位", max_length=80, blank=True)
    works_started_on = models.DateField("开工日期", null=True, blank=True)
    before_photo = models.ImageField("改造前照片", upload_to="care/modification/%Y/", blank=True)
    after_photo = models.ImageField("改造后照片", upload_to="care/modification/%Y/", blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    followed_up_on = models.DateField("回访日期", null=True, blank=True)
    followup_note = models.CharField("回访情况", max_length=200, blank=True)
    stage = models.CharField(
        "进度", max_length=12, choices=ModificationStage.choices, default=ModificationStage.ASSESSED, editable=False
    )

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "适老化改造档案"
        verbose_name_plural = "适老化改造（一户一档）"
        ordering = ["-year", "-assessed_on", "-id"]

    def __str__(self):
        return f"{self.year}年{self.person}适老化改造"


class LineQuerySet(PersonScopedQuerySet):
    person_path = "case__person"


class ModificationLine(models.Model):
    case = models.ForeignKey(ModificationCase, verbose_name="改造档案", on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(ModificationItem, verbose_name="改造项目", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField("数量", default=1, validators=[MinValueValidator(1)])
    unit_cost = models.DecimalField("单价（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    subsidy = models.DecimalField("政府补贴（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    self_pay = models.DecimalField("个人自付（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])

    objects = LineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "改造方案项目"
        verbose_name_plural = "改造方案"
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="care_line_unique")]

    def __str__(self):
        return str(self.item)


# ---------------------------------------------------------------------------
# Home care
# ---------------------------------------------------------------------------
class CarePlan(models.Model):
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    ability_grade = models.ForeignKey(AbilityGrade, verbose_name="能力等级", on_delete=models.PROTECT, related_name="+")
    items = models.CharField("照护项目", max_length=200, help_text="如：助浴、助洁、康复护理、陪同就医")
    frequency_days = models.PositiveSmallIntegerField("上门间隔（天）", default=7, validators=[MinValueValidator(1)])
    provider = models.CharField("服务机构", max_length=80)
    starts_on = models.DateField("开始日期")
    assessed_on = models.DateField("最近评估日期")
    active = models.BooleanField("执行中", default=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "居家照护计划"
        verbose_name_plural = "居家养老照护计划"
        ordering = ["-active", "-starts_on", "-id"]

    def __str__(self):
        return f"{self.person}的照护计划"


class CareLogQuerySet(PersonScopedQuerySet):
    person_path = "plan__person"


class CareVisitLog(models.Model):
    plan = models.ForeignKey(CarePlan, verbose_name="照护计划", on_delete=models.PROTECT, related_name="logs")
    visited_on = models.DateField("服务日期")
    minutes = models.PositiveSmallIntegerField("服务时长（分钟）", validators=[MinValueValidator(1)])
    work_done = models.CharField("服务内容", max_length=200)
    signed_by = models.CharField("签字确认人", max_length=40, blank=True)
    photo = models.ImageField("服务照片", upload_to="care/homecare/%Y/%m/", blank=True)

    objects = CareLogQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "上门照护记录"
        verbose_name_plural = "上门照护记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["plan", "visited_on"])]

    def __str__(self):
        return f"{self.plan.person} {self.visited_on:%Y-%m-%d}"


# ---------------------------------------------------------------------------
# Organised outings (跨江融合看南京 …): a political-treatment item
# ---------------------------------------------------------------------------
class RegionScopedQuerySet(models.QuerySet):
    """Records of an organising region: the bureau's own under the 市直 region."""

    def for_user(self, user):
        return scope_filter(self, user, region="region")


class OutingQuerySet(RegionScopedQuerySet):
    """Outings: a district's own, and the city bureau's (hosted under 市直) for every
    district too, read-only for them: district staff sign their own cadres up to a city
    outing and record their attendance (the sign-ups are scoped by the cadre's region),
    but the outing itself is changed only by those who work in its region."""

    def for_user(self, user):
        own = scope_filter(self, user, region="region")
        if own.query.is_empty() or user.scope_kind != ScopeKind.REGION:
            return own
        return self.filter(models.Q(region_id=user.scope_region_id) | models.Q(region__kind=RegionKind.CITY_ORGANS))

    def workable_for(self, user):
        """The outings a user may sign people up to (a sign-up's choices): those he sees."""
        return self.for_user(user)

    def editable_for(self, user):
        """The outings a user may change or delete: those of the regions he works in."""
        return scope_filter(self, user, region="region")


class Outing(models.Model):
    """An organised outing or study tour, with its capacity and its fitness rule as data:
    a sign-up beyond the age or the ability grade gets a warning (the cadre may still go,
    with his family's consent and the organiser's decision)."""

    title = models.CharField("活动名称", max_length=80)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="主办区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="市老干部局主办的选“市直”",
    )
    starts_on = models.DateField("活动日期")
    place = models.CharField("地点", max_length=100)
    capacity = models.PositiveSmallIntegerField("名额", validators=[MinValueValidator(1)])
    organiser = models.CharField("组织单位", max_length=80)
    risk_notice = models.TextField("安全风险告知", help_text="出行路线、行程强度、注意事项等")
    insured = models.BooleanField("已购买意外保险", default=False)
    fit_max_age = models.PositiveSmallIntegerField(
        "适宜年龄上限（周岁）", null=True, blank=True, help_text="超过的报名给出提示；不填为不限"
    )
    fit_max_grade = models.ForeignKey(
        AbilityGrade,
        verbose_name="适宜能力等级（最重）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="能力等级重于此的报名给出提示；不填为不限",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = OutingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "组织活动"
        verbose_name_plural = "组织活动（参观考察）"
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d} {self.title}"


class OutingSignUp(models.Model):
    outing = models.ForeignKey(Outing, verbose_name="活动", on_delete=models.PROTECT, related_name="signups")
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    health_declared = models.BooleanField(
        "已签署健康状况自我声明", default=False, help_text="本人（或家属）声明身体状况适合参加，已知悉安全风险告知"
    )
    health_note = models.CharField("健康状况说明", max_length=200, blank=True)
    fit_warning = models.CharField("适宜性提示", max_length=200, blank=True, editable=False)
    signed_up_on = models.DateField("报名日期")
    attended = models.BooleanField("实到", null=True, blank=True)
    feedback = models.CharField("活动反馈", max_length=300, blank=True)

    objects = PersonScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名与签到"
        ordering = ["outing", "signed_up_on", "id"]
        constraints = [models.UniqueConstraint(fields=["outing", "person"], name="care_signup_once")]

    def __str__(self):
        return f"{self.person} · {self.outing.title}"


# ---------------------------------------------------------------------------
# 四就近 community service points and the cadres each serves
# ---------------------------------------------------------------------------
class ServicePoint(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("服务点名称", max_length=80)
    address = models.CharField("地址", max_length=200)
    kind = models.CharField("类型", max_length=12, choices=PointKind.choices)
    offers = models.CharField("服务内容", max_length=300, help_text="如：读书读报、健身活动、助餐助浴、志愿服务岗位")
    opening_hours = models.CharField("开放时间", max_length=80, blank=True)
    contact = models.CharField("联系人（片区包干人）", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    active = models.BooleanField("在用", default=True)

    objects = RegionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "四就近服务点"
        verbose_name_plural = "四就近服务点"
        ordering = ["region__sort_order", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="care_point_unique")]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class ServedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="point__region")


class ServedCadre(models.Model):
    """A cadre a point serves (结对服务), needs registered person by person."""

    point = models.ForeignKey(ServicePoint, verbose_name="服务点", on_delete=models.CASCADE, related_name="served")
    person = models.ForeignKey("people.Person", verbose_name="老干部", on_delete=models.PROTECT, related_name="+")
    needs = models.CharField("服务需求", max_length=200, blank=True)
    since = models.DateField("结对日期", null=True, blank=True)

    objects = ServedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"
        ordering = ["point", "id"]
        constraints = [models.UniqueConstraint(fields=["point", "person"], name="care_served_once")]

    def __str__(self):
        return str(self.person)
