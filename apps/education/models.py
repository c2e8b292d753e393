"""牵手夕阳 · 老年教育: the four-level venue network, terms, courses and enrolment.

Seats: ``Course.seats_taken`` counts the enrolments holding a seat (``choices.SEATED``);
it only moves through the conditional updates of :mod:`apps.education.services`, so no
course is ever booked beyond ``seats``.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.education.choices import (
    LIVE,
    AllocationMode,
    Channel,
    CourseLevel,
    CoverageMeasure,
    Demonstration,
    EnrolmentStatus,
    PaymentStatus,
    Relation,
    TermStatus,
    VenueKind,
    VenueLevel,
    Weekday,
    WeightMode,
)


def _region_scoped(path):
    class QS(models.QuerySet):
        def for_user(self, user):
            return scope_filter(self, user, region=path)

    QS.__name__ = f"RegionScoped_{path.replace('__', '_')}"
    return QS


def open_on_q(day: datetime.date) -> models.Q:
    """Venues open on ``day``: opened by then (no date: before the platform's records)
    and not yet closed (``closed_on`` is the first day it no longer runs)."""
    return (models.Q(opened_on__isnull=True) | models.Q(opened_on__lte=day)) & (
        models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=day)
    )


class VenueQuerySet(_region_scoped("region")):
    def open_on(self, day: datetime.date):
        """Venues open on ``day`` (:func:`open_on_q`)."""
        return self.filter(open_on_q(day))


class Venue(models.Model):
    """A place of the 市—县（区）—街道（乡镇）—社区（村） network."""

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=12, choices=VenueLevel.choices)
    kind = models.CharField("类型", max_length=20, choices=VenueKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name="上级办学点", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("可容纳学员数", default=0)
    demonstration = models.CharField(
        "示范校（点）", max_length=12, choices=Demonstration.choices, default=Demonstration.NONE
    )
    opening_hours = models.CharField("开放时间", max_length=100, blank=True)
    distance_learning = models.BooleanField("开展远程教育", default=False)
    # Dated so that the network (and its coverage) can be read on any past day.
    opened_on = models.DateField("启用日期", null=True, blank=True, help_text="不填视为平台建档前已启用。")
    closed_on = models.DateField("停用日期", null=True, blank=True, help_text="停止办学的第一天；不填为在用。")
    note = models.TextField("备注", blank=True)

    objects = VenueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "办学点"
        verbose_name_plural = "老年教育办学网络"
        ordering = ["region__sort_order", "level", "name"]
        indexes = [models.Index(fields=["region", "level", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gt=models.F("opened_on")),
                name="education_venue_closed_after_opened",
                violation_error_message="停用日期须晚于启用日期。",
            )
        ]

    def __str__(self):
        return self.name

    def open_on(self, day: datetime.date) -> bool:
        """Whether the venue runs on ``day`` (the rule of :meth:`VenueQuerySet.open_on`)."""
        return (self.opened_on is None or self.opened_on <= day) and (self.closed_on is None or self.closed_on > day)


DistrictBaseQuerySet = _region_scoped("region")


class DistrictBase(models.Model):
    """What coverage is measured against in one district: its townships, villages and
    elders (from the statistics office, entered as data)."""

    region = models.OneToOneField(
        "regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="education_base"
    )
    townships = models.PositiveIntegerField("乡镇（街道）数", default=0)
    villages = models.PositiveIntegerField("村（居）数", default=0)
    elders = models.PositiveIntegerField("60岁以上老年人数", default=0)
    townships_with_school = models.PositiveIntegerField("建有老年学校的乡镇（街道）数", default=0)
    villages_with_point = models.PositiveIntegerField("建有学习点的村（居）数", default=0)
    regular_learners = models.PositiveIntegerField("经常性参与学习的老年人数", default=0)

    objects = DistrictBaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "区县老年教育基数"
        verbose_name_plural = "区县老年教育基数"
        ordering = ["region__sort_order"]

    def __str__(self):
        return str(self.region)


class CoverageTarget(models.Model):
    """A ratio of the plan (国办《老年教育发展规划（2016—2020年）》), editable as data."""

    measure = models.CharField("指标", max_length=16, choices=CoverageMeasure.choices, unique=True)
    target = models.DecimalField(
        "目标值（%）", max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    basis = models.CharField("依据", max_length=200, blank=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "覆盖率规划目标"
        verbose_name_plural = "覆盖率规划目标"
        ordering = ["measure"]

    def __str__(self):
        return self.get_measure_display()


class Term(models.Model):
    """A term of the senior university, with its two windows and its rules as data."""

    name = models.CharField("学期名称", max_length=60, unique=True)
    starts_on = models.DateField("开课日期")
    ends_on = models.DateField("结课日期")
    returning_opens_at = models.DateTimeField("老学员续报开始")
    returning_closes_at = models.DateTimeField("老学员续报截止")
    new_opens_at = models.DateTimeField("新学员报名开始")
    new_closes_at = models.DateTimeField("新学员报名截止")
    status = models.CharField("状态", max_length=10, choices=TermStatus.choices, default=TermStatus.DRAFT)
    course_limit = models.PositiveSmallIntegerField("每人每学期限报门数", default=3, validators=[MinValueValidator(1)])
    consent_age = models.PositiveSmallIntegerField("须家属同意及安全承诺的年龄", default=80)
    offer_hold_hours = models.PositiveSmallIntegerField("候补递补保留时长（小时）", default=48)
    lixiu_priority = models.BooleanField(
        "离休干部优先录取", default=True, help_text="勾选后，抽签时离休干部先于其他报名者录取（按签号排序）。"
    )
    weight_mode = models.CharField(
        "抽签权重规则", max_length=12, choices=WeightMode.choices, default=WeightMode.PER_PERSON
    )
    completion_rate = models.PositiveSmallIntegerField(
        "结业出勤率要求（%）", default=60, validators=[MaxValueValidator(100)]
    )
    lottery_seed = models.CharField("抽签种子", max_length=64, blank=True, editable=False)
    seed_published_at = models.DateTimeField("种子公布时间", null=True, blank=True, editable=False)
    list_digest = models.CharField("报名名单摘要", max_length=80, blank=True, editable=False)
    drawn_at = models.DateTimeField("抽签时间", null=True, blank=True, editable=False)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学期"
        verbose_name_plural = "学期"
        permissions = [("run_lottery", "公布种子并抽签")]
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name

    @property
    def seed_display(self) -> str:
        """The seed in groups of four digits, for reading aloud at a public draw."""
        return " ".join(self.lottery_seed[i : i + 4] for i in range(0, len(self.lottery_seed), 4))

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "结课日期不能早于开课日期。"
        if self.returning_opens_at and self.returning_closes_at and self.returning_closes_at <= self.returning_opens_at:
            errors["returning_closes_at"] = "老学员续报截止时间必须晚于开始时间。"
        if self.new_opens_at and self.returning_closes_at and self.new_opens_at < self.returning_closes_at:
            errors["new_opens_at"] = "新学员报名须在老学员续报截止之后开始。"
        if self.new_opens_at and self.new_closes_at and self.new_closes_at <= self.new_opens_at:
            errors["new_closes_at"] = "新学员报名截止时间必须晚于开始时间。"
        if errors:
            raise ValidationError(errors)


class Discount(models.Model):
    """A tuition discount of a term, as data: the best one a person qualifies for applies."""

    term = models.ForeignKey(Term, verbose_name="学期", on_delete=models.CASCADE, related_name="discounts")
    name = models.CharField("优惠名称", max_length=60)
    retirement_type = models.CharField(
        "适用离退休类型", max_length=10, blank=True, choices=[("lixiu", "离休"), ("tuixiu", "退休")]
    )
    min_age = models.PositiveSmallIntegerField("适用最低年龄", null=True, blank=True)
    percent_off = models.PositiveSmallIntegerField("减免比例（%）", validators=[MaxValueValidator(100)])

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学费优惠"
        verbose_name_plural = "学费优惠"
        ordering = ["term", "-percent_off"]

    def __str__(self):
        return f"{self.name}（减免{self.percent_off}%）"


CourseQuerySet = _region_scoped("venue__region")


class Course(models.Model):
    term = models.ForeignKey(Term, verbose_name="学期", on_delete=models.PROTECT, related_name="courses")
    venue = models.ForeignKey(Venue, verbose_name="上课地点", on_delete=models.PROTECT, related_name="courses")
    name = models.CharField("课程名称", max_length=60)
    level = models.CharField("班级层次", max_length=12, choices=CourseLevel.choices, default=CourseLevel.BEGINNER)
    teacher = models.CharField("任课教师", max_length=40, blank=True)
    teacher_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="点名账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="可在手机上为本班点名的账号（任课教师或班主任）。",
    )
    weekday = models.PositiveSmallIntegerField("上课星期", choices=Weekday.choices)
    starts_at = models.TimeField("上课时间")
    ends_at = models.TimeField("下课时间")
    seats = models.PositiveIntegerField("招生名额", validators=[MinValueValidator(1)])
    seats_taken = models.PositiveIntegerField("已占名额", default=0, editable=False)
    lottery_seats = models.PositiveIntegerField("抽签时可分配名额", null=True, blank=True, editable=False)
    tuition = models.DecimalField("学费（元）", max_digits=8, decimal_places=2, default=Decimal("0"))
    min_age = models.PositiveSmallIntegerField("最低年龄", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("最高年龄", null=True, blank=True)
    prerequisite = models.ForeignKey(
        "self",
        verbose_name="先修课程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="须在以往学期结业于同名课程。",
    )
    mode = models.CharField("录取方式", max_length=12, choices=AllocationMode.choices, default=AllocationMode.LOTTERY)
    description = models.TextField("课程简介", blank=True)

    objects = CourseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["seats_taken"])

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        ordering = ["term", "venue", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")), name="edu_course_no_overbook"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


EnrolmentQuerySet = _region_scoped("course__venue__region")


class Enrolment(models.Model):
    """One person's application to one course, and what became of it."""

    term = models.ForeignKey(Term, verbose_name="学期", on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField("状态", max_length=16, choices=EnrolmentStatus.choices)
    returning = models.BooleanField("老学员续报", default=False)
    channel = models.CharField("报名方式", max_length=8, choices=Channel.choices, default=Channel.SELF)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    family_consent = models.BooleanField("家属知情同意", default=False)
    safety_pledge = models.BooleanField("安全承诺", default=False)
    consent_by = models.CharField("同意人", max_length=40, blank=True)
    lixiu_priority = models.BooleanField("离休优先", default=False)
    weight = models.DecimalField("抽签权重", max_digits=7, decimal_places=6, null=True, blank=True, editable=False)
    lottery_rank = models.PositiveIntegerField("签位", null=True, blank=True, editable=False)
    queue_position = models.PositiveIntegerField("候补序号", null=True, blank=True, editable=False)
    offered_at = models.DateTimeField("递补通知时间", null=True, blank=True)
    offer_expires_at = models.DateTimeField("递补保留至", null=True, blank=True)
    fee = models.DecimalField("应缴学费（元）", max_digits=8, decimal_places=2, default=Decimal("0"))
    discount_name = models.CharField("享受优惠", max_length=60, blank=True)
    payment_status = models.CharField(
        "缴费状态", max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    paid_at = models.DateTimeField("缴费时间", null=True, blank=True)
    transferred_from = models.ForeignKey(
        "self", verbose_name="转自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "报名记录"
        verbose_name_plural = "报名与录取"
        permissions = [("enrol_on_behalf", "代老同志报名"), ("take_roll", "课堂点名")]
        ordering = ["course", "queue_position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"], condition=models.Q(status__in=LIVE), name="edu_one_live_enrolment"
            )
        ]
        indexes = [models.Index(fields=["term", "status"]), models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.person} · {self.course.name}"


GuardianQuerySet = _region_scoped("person__region")


class Guardian(models.Model):
    """A family member's account that may enrol an elder on their behalf (家属代报)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="家属账号", on_delete=models.CASCADE, related_name="education_wards"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="老同志", on_delete=models.CASCADE, related_name="education_guardians"
    )
    relation = models.CharField("关系", max_length=12, choices=Relation.choices)

    objects = GuardianQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "家属代办关系"
        verbose_name_plural = "家属代办关系"
        unique_together = [("user", "person")]

    def __str__(self):
        return f"{self.user} → {self.person}"


LessonQuerySet = _region_scoped("course__venue__region")


class Lesson(models.Model):
    """One class meeting; its roll call is in ``Attendance``."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="lessons")
    date = models.DateField("上课日期", default=datetime.date.today)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="点名人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LessonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "课堂点名"
        verbose_name_plural = "课堂点名"
        unique_together = [("course", "date")]
        ordering = ["-date"]

    def __str__(self):
        return f"{self.course.name} {self.date:%Y-%m-%d}"


class Attendance(models.Model):
    lesson = models.ForeignKey(Lesson, verbose_name="课堂", on_delete=models.CASCADE, related_name="marks")
    enrolment = models.ForeignKey(Enrolment, verbose_name="学员", on_delete=models.CASCADE, related_name="marks")
    present = models.BooleanField("出勤", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "出勤记录"
        verbose_name_plural = "出勤记录"
        unique_together = [("lesson", "enrolment")]

    def __str__(self):
        return f"{self.lesson} · {'出勤' if self.present else '缺勤'}"
