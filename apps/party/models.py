"""银发先锋: the Party organisations of retired cadres and everything they record."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.party.choices import (
    ActivityMode,
    ActivityType,
    DemoLevel,
    FundingKind,
    LogStatus,
    MembershipStatus,
    OrganiserLevel,
    OrgKind,
    OrgStatus,
    Period,
    PostKind,
    ProjectKind,
    ProjectOutcome,
    ReviewItemKind,
    ReviewResult,
    SetupType,
    TrainingType,
)


# ---------------------------------------------------------------------------
# Organisations (a tree kept as a materialised path)
# ---------------------------------------------------------------------------
class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region", organisation="pk")

    def branches(self):
        return self.filter(kind=OrgKind.BRANCH)

    def active(self):
        return self.filter(status=OrgStatus.ACTIVE)

    def descendants_of(self, organisation, include_self=True):
        qs = self.filter(path__startswith=organisation.path)
        return qs if include_self else qs.exclude(pk=organisation.pk)


class Organisation(models.Model):
    """A Party organisation of retired cadres: 工委 → 党委/党总支 → 党支部 → 党小组.

    ``path`` is the materialised path of ids (``"0000012.0000045."``) so a subtree is one
    ``startswith`` filter; ``apps.party.services.organisation_move`` keeps it in step.
    """

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("组织类别", max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="organisations"
    )
    setup_type = models.CharField("设置方式", max_length=20, choices=SetupType.choices, default=SetupType.ESTABLISHED)
    former_unit = models.CharField("依托单位/社区", max_length=100, blank=True)
    founded_on = models.DateField("成立时间", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    note = models.TextField("备注", blank=True)
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["path"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self):
        return self.name

    def clean(self):
        from apps.core.validators import validate_not_future

        try:
            validate_not_future(self.founded_on, label="成立时间")
        except ValidationError as exc:
            raise ValidationError({"founded_on": exc.messages}) from exc


class CoManager(models.Model):
    """一方隶属、多重管理: a body that co-manages an organisation beside its home."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.CASCADE, related_name="co_managers"
    )
    body = models.CharField("共管单位", max_length=100)
    responsibility = models.CharField("管理职责", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "共管单位"
        verbose_name_plural = "共管单位（一方隶属、多重管理）"
        unique_together = [("organisation", "body")]

    def __str__(self):
        return self.body


def post_on_q(day, prefix: str = "") -> models.Q:
    """Posts held on ``day``: started on or before it and not ended before it (the end
    date is the last day in office). ``prefix`` reaches the post from another model."""
    return models.Q(**{f"{prefix}started_on__lte": day}) & (
        models.Q(**{f"{prefix}ended_on__isnull": True}) | models.Q(**{f"{prefix}ended_on__gte": day})
    )


class PostQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="organisation__region", organisation="organisation")

    def current(self):
        """Open terms (no end date yet), which the services close: not "in office today"
        (a term may start later); readers use :meth:`on`."""
        return self.filter(ended_on__isnull=True)

    def on(self, day):
        """Posts held on ``day`` (:func:`post_on_q`)."""
        return self.filter(post_on_q(day))

    def secretaries(self):
        return self.filter(post=PostKind.SECRETARY)


class OrganisationPost(models.Model):
    """Who held a post (secretary, committee member …) in an organisation, and when."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.CASCADE, related_name="posts"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="party_posts"
    )
    post = models.CharField("职务", max_length=20, choices=PostKind.choices)
    started_on = models.DateField("任职时间")
    ended_on = models.DateField("离任时间", null=True, blank=True)

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任职记录"
        verbose_name_plural = "班子任职记录"
        ordering = ["organisation", "post", "-started_on"]
        indexes = [models.Index(fields=["post", "ended_on"])]

    def __str__(self):
        return f"{self.organisation} {self.get_post_display()} {self.person}"


# ---------------------------------------------------------------------------
# Membership
# ---------------------------------------------------------------------------
def membership_on_q(day, prefix: str = "") -> models.Q:
    """Memberships valid on ``day``: joined (or transferred in) on or before it, and not
    left before or on it (``left_on`` is the day of the transfer or death). A transfer
    entered ahead of time applies from its date. ``prefix`` reaches the membership from
    another model (``"memberships__"``)."""
    return models.Q(**{f"{prefix}joined_on__lte": day}) & (
        models.Q(**{f"{prefix}left_on__isnull": True}) | models.Q(**{f"{prefix}left_on__gt": day})
    )


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="organisation__region", organisation="organisation")

    def current(self):
        """Open memberships (not closed yet), which the services transfer or close: not
        "members today" (a transfer may take effect later); readers use
        :func:`apps.party.selectors.members_on`."""
        return self.filter(left_on__isnull=True)

    def on(self, day):
        """Memberships valid on ``day`` (:func:`membership_on_q`)."""
        return self.filter(membership_on_q(day))


class Membership(models.Model):
    """A person's membership of one organisation; transfers close one and open the next."""

    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.PROTECT, related_name="memberships"
    )
    joined_party_on = models.DateField("入党时间", null=True, blank=True)
    joined_on = models.DateField("转入本支部时间")
    left_on = models.DateField("转出时间", null=True, blank=True)
    status = models.CharField(
        "党籍状态", max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.NORMAL
    )
    counterpart = models.CharField("转入自/转出至", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员（组织关系）"
        ordering = ["organisation", "person__name_pinyin"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_membership_per_person",
                violation_error_message="该党员已有在册的组织关系，请先办理转出。",
            )
        ]
        indexes = [models.Index(fields=["organisation", "left_on"])]

    def __str__(self):
        return f"{self.person} @ {self.organisation}"

    def clean(self):
        from apps.core.validators import validate_joined_party_on

        birth_date = self.person.birth_date if self.person_id else None
        try:
            validate_joined_party_on(self.joined_party_on, birth_date=birth_date)
        except ValidationError as exc:
            raise ValidationError({"joined_party_on": exc.messages}) from exc


# ---------------------------------------------------------------------------
# Activity logs (组织生活)
# ---------------------------------------------------------------------------
class ActivityLogQuerySet(models.QuerySet):
    def for_user(self, user):
        """Logs in ``user``'s scope; a draft only for whoever may still edit it (issue 14):
        its author, and the secretary of its branch (organisation scope: the workspace).
        Until submitted a draft is nobody else's business — not the leader's, not the
        reviewers'."""
        from apps.accounts.choices import ScopeKind

        scoped = scope_filter(self, user, region="organisation__region", organisation="organisation")
        if user is None or not user.is_authenticated or user.scope_kind == ScopeKind.ORGANISATION:
            return scoped
        return scoped.exclude(models.Q(status=LogStatus.DRAFT) & ~models.Q(created_by=user))

    def not_draft(self):
        """Logs that have left their secretary's hands (submitted, returned or approved)."""
        return self.exclude(status=LogStatus.DRAFT)

    def approved(self):
        return self.filter(status=LogStatus.APPROVED)


class ActivityLog(models.Model):
    """What a branch did: entered by its secretary, reviewed by district staff.

    ``version`` is bumped by every write through the services (optimistic locking);
    ``client_token`` makes a double-clicked or retried submit create one log only.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.PROTECT, related_name="activity_logs"
    )
    activity_type = models.CharField("活动类型", max_length=20, choices=ActivityType.choices)
    mode = models.CharField("活动形式", max_length=10, choices=ActivityMode.choices, default=ActivityMode.OFFLINE)
    held_on = models.DateField("活动日期", db_index=True)
    place = models.CharField("活动地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=40, blank=True)
    theme = models.CharField("活动主题", max_length=200)
    campaign = models.CharField("所属主题教育", max_length=100, blank=True)
    content = models.TextField("活动内容", blank=True)
    status = models.CharField("状态", max_length=10, choices=LogStatus.choices, default=LogStatus.DRAFT, db_index=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    client_token = models.UUIDField("提交令牌", null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ActivityLogQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "组织生活记录"
        verbose_name_plural = "组织生活记录"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "held_on"]),
            models.Index(fields=["status", "activity_type", "held_on"]),
        ]
        permissions = [
            ("record_activitylog", "可在工作台填报组织生活记录"),
            ("review_activitylog", "可审核组织生活记录"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.get_activity_type_display()}：{self.theme}"


class ActivityMonth(models.Model):
    """Approved activity logs counted per organisation, month and activity type.

    A roll-up for the figures that count logs (the dashboard's activity charts and
    三会一课 compliance, ``apps.party.compliance``): one row per organisation-month-type
    instead of one per log. Database triggers on ``party_activitylog`` keep it exact on
    every write path — ``save()``, ``update()``, ``bulk_create``, ``COPY``, raw SQL —
    (installed by migration ``0006_narrow_activitymonth``, which holds their SQL);
    ``manage.py rebuild_activity_months`` recounts it from the logs and reports any drift.

    The type is a value, not a column: a new ``ActivityType`` needs no change here. A cell
    whose last approved log went stays as a row with ``count`` 0.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.CASCADE, related_name="activity_months"
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    activity_type = models.CharField("活动类型", max_length=20)
    count = models.IntegerField("次数", default=0)

    class Meta:
        verbose_name = "组织生活月度统计"
        verbose_name_plural = "组织生活月度统计"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "month", "activity_type"], name="party_activitymonth_cell"
            ),
        ]
        indexes = [models.Index(fields=["year", "month"], name="party_activmonth_period")]

    def __str__(self):
        return f"{self.organisation_id} {self.year}-{self.month:02d} {self.activity_type}"


class LogPartQuerySet(models.QuerySet):
    """Attendance and photos: in scope exactly when their activity log is."""

    def for_user(self, user):
        return scope_filter(self, user, region="log__organisation__region", organisation="log__organisation")


class Attendance(models.Model):
    log = models.ForeignKey(ActivityLog, verbose_name="活动", on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "people.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField("出席", default=True)
    absence_reason = models.CharField("缺席原因", max_length=100, blank=True)

    objects = LogPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        unique_together = [("log", "person")]

    def __str__(self):
        return f"{self.person}：{'出席' if self.present else '缺席'}"


def _photo_path(instance, filename):
    # Random names: the original file name may carry personal data.
    return f"activity_photos/{instance.log_id or 'new'}/{uuid.uuid4().hex}.jpg"


class ActivityPhoto(models.Model):
    log = models.ForeignKey(ActivityLog, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to=_photo_path)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = LogPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.caption or f"照片 {self.pk}"


# The first day existing rules are in force: they held "from the beginning" (migration
# 0007), before any record the portal keeps.
RULES_IN_FORCE_SINCE = datetime.date(1921, 7, 1)


def rule_in_force_q(day) -> models.Q:
    """Rule versions in force on ``day`` (``valid_to`` is their last day)."""
    return models.Q(valid_from__lte=day) & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class ComplianceRule(models.Model):
    """三会一课 as data: ``required_count`` approved logs of ``activity_type`` per period.

    A rule is one version in force from ``valid_from`` to ``valid_to`` (open: still in
    force). A period is judged by the version in force on its first day, so changing a
    rule (``apps.party.services.compliance_rule_revise``: the old version is closed, a new
    one added) never rewrites the figures of periods already begun.
    """

    activity_type = models.CharField("活动类型", max_length=20, choices=ActivityType.choices)
    period = models.CharField("周期", max_length=10, choices=Period.choices)
    required_count = models.PositiveSmallIntegerField("应开展次数", default=1)
    org_kind = models.CharField("适用组织", max_length=20, choices=OrgKind.choices, default=OrgKind.BRANCH)
    active = models.BooleanField("启用", default=True)
    valid_from = models.DateField(
        "生效日期",
        default=RULES_IN_FORCE_SINCE,
        help_text="自该日起开始的周期按本规则计算（1921-07-01 表示自始有效）。",
    )
    valid_to = models.DateField("失效日期", null=True, blank=True, help_text="本规则执行的最后一天；空表示现行有效。")
    note = models.CharField("说明", max_length=200, blank=True)

    # One set of rules for the whole city; scoped roles read it, only the bureau changes it.
    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "三会一课规则"
        verbose_name_plural = "三会一课规则"
        ordering = ["period", "activity_type", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity_type", "period", "org_kind"],
                condition=models.Q(valid_to__isnull=True),
                name="one_open_compliance_rule_version",
                violation_error_message="同一活动类型、周期和适用组织只能有一条现行有效的规则，请通过“修订规则”调整。",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="compliance_rule_valid_to_after_from",
                violation_error_message="失效日期不能早于生效日期。",
            ),
        ]

    def __str__(self):
        text = f"{self.get_activity_type_display()} {self.get_period_display()} {self.required_count} 次"
        if self.valid_to:
            return f"{text}（{self.valid_from}至{self.valid_to}）"
        if self.valid_from != RULES_IN_FORCE_SINCE:
            return f"{text}（{self.valid_from}起）"
        return text

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


# ---------------------------------------------------------------------------
# 领头雁: training of branch secretaries
# ---------------------------------------------------------------------------
class TrainingClassQuerySet(models.QuerySet):
    def for_user(self, user):
        # Classes are organised city-wide or by a district; a secretary sees every class.
        from apps.accounts.choices import ScopeKind

        if user and user.is_authenticated and user.scope_kind == ScopeKind.ORGANISATION:
            return self
        return scope_filter(self, user, region="region")


class TrainingClass(models.Model):
    name = models.CharField("培训班名称", max_length=100)
    training_type = models.CharField("培训类型", max_length=20, choices=TrainingType.choices)
    organiser_level = models.CharField("主办层级", max_length=10, choices=OrganiserLevel.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name="主办区域", on_delete=models.PROTECT, related_name="training_classes"
    )
    start_on = models.DateField("开班日期")
    end_on = models.DateField("结业日期")
    place = models.CharField("培训地点", max_length=100, blank=True)
    capacity = models.PositiveIntegerField("名额", default=60)
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    objects = TrainingClassQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "领头雁培训班"
        ordering = ["-start_on"]

    def __str__(self):
        return self.name


class TrainingAttendanceQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="person__region", organisation="organisation")


class TrainingAttendance(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey("people.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="trainings")
    organisation = models.ForeignKey(
        Organisation, verbose_name="所在党组织", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField("参训", default=True)

    objects = TrainingAttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        unique_together = [("training_class", "person")]

    def __str__(self):
        return f"{self.person} · {self.training_class}"


# ---------------------------------------------------------------------------
# 六有一提升 reviews and demonstration points
# ---------------------------------------------------------------------------
class OrgScopedQuerySet(models.QuerySet):
    """Records that belong to one organisation."""

    def for_user(self, user):
        return scope_filter(self, user, region="organisation__region", organisation="organisation")


class StandardisationReview(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="党支部", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("结论", max_length=10, choices=ReviewResult.choices)
    reviewer = models.CharField("复核人", max_length=40, blank=True)
    reviewed_on = models.DateField("复核日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = OrgScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "六有一提升复核"
        verbose_name_plural = "六有一提升复核"
        ordering = ["-year", "organisation"]
        unique_together = [("organisation", "year")]

    def __str__(self):
        return f"{self.year} {self.organisation}"


class ReviewItem(models.Model):
    review = models.ForeignKey(
        StandardisationReview, verbose_name="复核", on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField("检查项", max_length=10, choices=ReviewItemKind.choices)
    passed = models.BooleanField("达标", default=False)
    evidence = models.CharField("佐证材料", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "检查项"
        verbose_name_plural = "检查项"
        unique_together = [("review", "item")]

    def __str__(self):
        return self.get_item_display()


class DemonstrationPoint(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.PROTECT, related_name="demonstration_points"
    )
    level = models.CharField("级别", max_length=10, choices=DemoLevel.choices)
    brand_name = models.CharField("品牌名称", max_length=50)
    designated_year = models.PositiveSmallIntegerField("命名年度")
    recheck_year = models.PositiveSmallIntegerField("复查年度", null=True, blank=True)
    recheck_passed = models.BooleanField("复查通过", null=True, blank=True)

    objects = OrgScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "示范点"
        verbose_name_plural = "党建示范点"
        ordering = ["-designated_year", "organisation"]

    def __str__(self):
        return f"“{self.brand_name}”（{self.organisation}）"


# ---------------------------------------------------------------------------
# Education bases, projects, funding
# ---------------------------------------------------------------------------
class EducationBaseQuerySet(models.QuerySet):
    def for_user(self, user):
        from apps.accounts.choices import ScopeKind

        if user and user.is_authenticated and user.scope_kind == ScopeKind.ORGANISATION:
            return self
        return scope_filter(self, user, region="region")


class EducationBase(models.Model):
    name = models.CharField("基地名称", max_length=100)
    batch = models.PositiveSmallIntegerField("命名批次", help_text="如第三批填 3")
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    description = models.TextField("简介", blank=True)

    objects = EducationBaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "正能量教育基地"
        verbose_name_plural = "正能量教育基地"
        ordering = ["batch", "name"]

    def __str__(self):
        return self.name


class EducationSession(models.Model):
    base = models.ForeignKey(EducationBase, verbose_name="教育基地", on_delete=models.PROTECT, related_name="sessions")
    organisation = models.ForeignKey(Organisation, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    participants = models.PositiveIntegerField("参加人数", default=0)

    objects = OrgScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "基地教育活动"
        verbose_name_plural = "基地教育活动"
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class PartyProject(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.PROTECT, related_name="projects"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("项目类别", max_length=20, choices=ProjectKind.choices)
    name = models.CharField("项目名称", max_length=100)
    outcome = models.CharField("成效", max_length=20, choices=ProjectOutcome.choices, default=ProjectOutcome.ONGOING)
    summary = models.TextField("成效说明", blank=True)

    objects = OrgScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "书记/创新项目"
        verbose_name_plural = "书记项目与创新项目"
        ordering = ["-year", "organisation"]

    def __str__(self):
        return self.name


class FundingEntry(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="党组织", on_delete=models.PROTECT, related_name="funding"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("经费类别", max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = OrgScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "经费台账"
        verbose_name_plural = "党建经费台账"
        ordering = ["-year", "organisation", "kind"]

    def __str__(self):
        return f"{self.year} {self.organisation} {self.get_kind_display()}"
