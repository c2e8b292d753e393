"""绿扬霞光: retired cadres' volunteer teams, their volunteers, activities, hours and certificates.

Field lists follow 《志愿服务条例》 (2017) and 民政部令第67号 (2020): art. 5 (a volunteer's
basic information, kept once on ``people.Person``), art. 7 (a service record), art. 11
(records within 10 working days), art. 14–17 (certificates).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.volunteers.choices import (
    CertificateStatus,
    HealthDeclaration,
    Intensity,
    Level,
    MemberStatus,
    RecordSource,
    RecordStatus,
    ServiceMode,
    SignUpStatus,
)

# 67号令 art. 11: service records are completed within 10 working days after the activity.
RECORD_DEADLINE_WORKING_DAYS = 10


class TeamQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region", organisation="partner_branch", team="pk")


class Team(models.Model):
    name = models.CharField("团队名称", max_length=100, unique=True)
    brand_name = models.CharField("服务品牌", max_length=50, blank=True)
    emblem = models.ImageField("团队标识", upload_to="volunteers/emblems/", blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="teams"
    )
    leader = models.ForeignKey(
        "people.Person", verbose_name="负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_branch = models.ForeignKey(
        "party.Organisation",
        verbose_name="结对党支部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_teams",
        help_text="“党支部+志愿团队”模式中结对的党支部。",
    )
    founded_on = models.DateField("成立时间", null=True, blank=True)
    service_content = models.CharField("服务内容（四个统一）", max_length=200, blank=True)
    theme = models.CharField("服务主题", max_length=100, blank=True)
    charter = models.TextField("团队章程", blank=True)
    annual_plan = models.TextField("年度服务计划", blank=True)
    target_hours = models.PositiveIntegerField("年度目标服务时长（小时）", null=True, blank=True)
    target_members = models.PositiveIntegerField("年度目标队员人数", null=True, blank=True)
    managing_unit = models.CharField(
        "管理单位",
        max_length=100,
        blank=True,
        help_text="管理本团队的老干部局（67号令第26条：由其出具志愿服务记录证明）；不填为市委老干部局。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "志愿服务团队"
        verbose_name_plural = "志愿服务团队"
        ordering = ["region__sort_order", "name"]
        permissions = [("lead_team", "使用团队负责人工作台")]

    def __str__(self):
        return self.name

    def clean(self):
        from apps.core.validators import validate_not_future

        try:
            validate_not_future(self.founded_on, label="成立时间")
        except ValidationError as exc:
            raise ValidationError({"founded_on": exc.messages}) from exc

    @property
    def issuer(self) -> str:
        return self.managing_unit or "扬州市委老干部局"

    def four_unified(self) -> dict:
        """★ 四个统一 card: 活动内容、活动主题、活动标识、队伍建设 — what is filled in and the
        completeness over the seven items they consist of."""
        groups = [
            ("活动内容", [("服务内容", bool(self.service_content))]),
            ("活动主题", [("服务主题", bool(self.theme))]),
            ("活动标识", [("团队标识", bool(self.emblem))]),
            (
                "队伍建设",
                [
                    ("团队章程", bool(self.charter.strip())),
                    ("负责人", self.leader_id is not None),
                    ("结对党支部", self.partner_branch_id is not None),
                    ("年度服务计划", bool(self.annual_plan.strip())),
                ],
            ),
        ]
        items = [item for _, group in groups for item in group]
        filled = sum(1 for _, ok in items if ok)
        return {
            "groups": [
                {"title": title, "items": group, "complete": all(ok for _, ok in group)} for title, group in groups
            ],
            "filled": filled,
            "total": len(items),
            "percent": round(100 * filled / len(items)),
        }


class TeamMemberQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="team__region", organisation="team__partner_branch", team="team")


def age_band(age: int | None) -> str:
    if age is None:
        return "—"
    if age < 60:
        return "60岁以下"
    if age < 70:
        return "60–69岁"
    if age < 75:
        return "70–74岁"
    if age < 80:
        return "75–79岁"
    return "80岁及以上"


class TeamMember(models.Model):
    """A volunteer of a team. Name, sex, birth date, ID, address and phone (67号令 art. 5)
    are the person's, kept once in ``people.Person``."""

    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", verbose_name="队员", on_delete=models.PROTECT, related_name="team_memberships"
    )
    volunteer_number = models.CharField(
        "志愿者编号", max_length=20, unique=True, null=True, blank=True, help_text="对外使用的编号，不是身份证号。"
    )
    joined_on = models.DateField("加入时间")
    active = models.BooleanField("在队", default=True)
    status = models.CharField("状态", max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    paused_on = models.DateField("暂停时间", null=True, blank=True)
    left_on = models.DateField("离队时间", null=True, blank=True)
    status_reason = models.CharField("暂停或离队原因", max_length=200, blank=True)
    skills = models.CharField("专业技能", max_length=200, blank=True, help_text="如：法律、医疗、心理咨询、书法。")
    service_types = models.CharField("服务类别", max_length=200, blank=True)
    availability = models.CharField("可服务时间", max_length=100, blank=True, help_text="如：工作日上午、周末。")
    health_declaration = models.CharField(
        "健康自述", max_length=12, choices=HealthDeclaration.choices, default=HealthDeclaration.GOOD
    )
    consent_at = models.DateTimeField("同意录入时间", null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代为录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_note = models.CharField(
        "同意方式", max_length=100, blank=True, help_text="67号令第6条：由团队代为录入须经志愿者本人同意。"
    )

    objects = TeamMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        unique_together = [("team", "person")]
        ordering = ["team", "joined_on"]

    def __str__(self):
        return f"{self.person} · {self.team}"

    @property
    def age_band(self) -> str:
        birth = self.person.birth_date if self.person_id else None
        return age_band(self.person.age if birth else None)

    def serving_on(self, day: datetime.date) -> bool:
        """Whether the volunteer was in the team on ``day`` (joined, not yet left)."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


# ---------------------------------------------------------------------------
# Projects and activities
# ---------------------------------------------------------------------------
class ServiceCategory(models.Model):
    """The service menu (政策宣讲、法律服务 …): editable data, the same for the whole city."""

    name = models.CharField("服务类别", max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TeamScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="team__region", organisation="team__partner_branch", team="team")


class ServiceProject(models.Model):
    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="projects")
    name = models.CharField("项目名称", max_length=100)
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类别", on_delete=models.PROTECT)
    mode = models.CharField("服务方式", max_length=10, choices=ServiceMode.choices, default=ServiceMode.GROUP)
    description = models.TextField("项目简介", blank=True)
    active = models.BooleanField("开展中", default=True)

    objects = TeamScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = "服务项目"
        ordering = ["team", "name"]
        unique_together = [("team", "name")]

    def __str__(self):
        return self.name


class Activity(models.Model):
    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="activities")
    project = models.ForeignKey(
        ServiceProject,
        verbose_name="服务项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类别", on_delete=models.PROTECT)
    title = models.CharField("活动名称", max_length=100)
    date = models.DateField("活动日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("活动地点", max_length=100)
    content = models.TextField("服务内容")
    campaign = models.CharField("专项行动", max_length=60, blank=True, help_text="如：文明有我·银耀扬城。")
    intensity = models.CharField("体力强度", max_length=10, choices=Intensity.choices, default=Intensity.LIGHT)
    risk_notice = models.TextField("风险提示", help_text="《志愿服务条例》第12条：招募时须如实说明可能的风险。")
    needs_insurance = models.BooleanField("须购买意外保险", default=False, help_text="条例第17条。")
    person_in_charge = models.ForeignKey(
        "people.Person", verbose_name="活动负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_due_on = models.DateField("记录截止日", editable=False, null=True)
    records_done_at = models.DateTimeField("记录完成时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TeamScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "志愿服务活动"
        verbose_name_plural = "志愿服务活动"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["team", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def on_time(self) -> bool | None:
        """Records completed by the deadline; ``None`` while still open."""
        if self.records_done_at is None:
            return None
        return self.records_done_at.date() <= self.record_due_on


class ActivityScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(
            self,
            user,
            region="activity__team__region",
            organisation="activity__team__partner_branch",
            team="activity__team",
        )


class Position(models.Model):
    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="positions")
    name = models.CharField("岗位", max_length=40)
    required = models.PositiveSmallIntegerField("需要人数", default=1)
    skill = models.CharField("技能要求", max_length=60, blank=True)

    objects = ActivityScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务岗位"
        verbose_name_plural = "服务岗位"

    def __str__(self):
        return f"{self.name}（{self.required}人）"


class SignUp(models.Model):
    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups")
    position = models.ForeignKey(Position, verbose_name="岗位", null=True, blank=True, on_delete=models.SET_NULL)
    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.CASCADE, related_name="signups")
    status = models.CharField("状态", max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.SIGNED)
    signed_at = models.DateTimeField("报名时间", auto_now_add=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    fit_warning = models.CharField("适宜性提醒", max_length=200, blank=True)

    objects = ActivityScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        unique_together = [("activity", "member")]

    def __str__(self):
        return f"{self.member.person} · {self.activity.title}"


class ServiceRecord(models.Model):
    """One volunteer's service at one activity (67号令 art. 7): the activity gives its name,
    date, place, content, organiser and person in charge; the record the hours served."""

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="records")
    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.PROTECT, related_name="records")
    date = models.DateField("服务日期")
    start_time = models.TimeField("签到时间", null=True, blank=True)
    end_time = models.TimeField("签退时间", null=True, blank=True)
    hours = models.DecimalField("服务时长（小时）", max_digits=4, decimal_places=1)
    source = models.CharField("来源", max_length=10, choices=RecordSource.choices, default=RecordSource.MANUAL)
    status = models.CharField("状态", max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING)
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("确认时间", null=True, blank=True)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ActivityScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        unique_together = [("activity", "member")]
        ordering = ["-date", "activity", "member"]
        indexes = [models.Index(fields=["member", "date"]), models.Index(fields=["status", "date"])]

    def __str__(self):
        return f"{self.member.person} · {self.activity.title} · {self.hours}小时"


# ---------------------------------------------------------------------------
# Certificates, stars, honours, media
# ---------------------------------------------------------------------------
class MemberScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(
            self,
            user,
            region="member__team__region",
            organisation="member__team__partner_branch",
            team="member__team",
        )


class Certificate(models.Model):
    """志愿服务记录证明 (67号令 art. 14–17, 民发〔2015〕149号): the four parts are frozen at
    issue — identity, confirmed hours and content in a period, issuer, number and date."""

    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.PROTECT, related_name="certificates")
    period_start = models.DateField("服务起始日期")
    period_end = models.DateField("服务截止日期")
    purpose = models.CharField("申请用途", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.REQUESTED
    )
    number = models.CharField("证明编号", max_length=32, unique=True, null=True, blank=True)
    holder_name = models.CharField("姓名", max_length=40, blank=True)
    holder_id_masked = models.CharField("证件号码（隐去部分）", max_length=30, blank=True)
    holder_volunteer_number = models.CharField("志愿者编号", max_length=20, blank=True)
    hours = models.DecimalField("服务时长（小时）", max_digits=8, decimal_places=1, default=Decimal("0"))
    activity_count = models.PositiveIntegerField("服务次数", default=0)
    content = models.TextField("服务内容", blank=True)
    issuer = models.CharField("出具单位", max_length=100, blank=True)
    person_in_charge = models.CharField("负责人", max_length=40, blank=True)
    handler = models.CharField("经办人", max_length=40, blank=True)
    contact = models.CharField("联系电话", max_length=30, blank=True)
    issued_on = models.DateField("开具日期", null=True, blank=True)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开具人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    objects = MemberScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "志愿服务记录证明"
        verbose_name_plural = "志愿服务记录证明"
        ordering = ["-requested_at"]

    def __str__(self):
        return self.number or f"{self.holder_name or self.member.person}（{self.get_status_display()}）"


class StarLevel(models.Model):
    """Star thresholds on confirmed hours (default 100/300/600/1000/1500 h): data, not code."""

    stars = models.PositiveSmallIntegerField("星级", unique=True)
    name = models.CharField("名称", max_length=20)
    min_hours = models.PositiveIntegerField("所需确认时长（小时）")

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "星级标准"
        verbose_name_plural = "星级标准"
        ordering = ["stars"]

    def __str__(self):
        return f"{self.name}（{self.min_hours}小时）"


class TeamOwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="team__region", organisation="team__partner_branch", team="team")


class Honour(models.Model):
    name = models.CharField("荣誉名称", max_length=100)
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    awarded_on = models.DateField("授予日期")
    awarding_body = models.CharField("授予单位", max_length=100)
    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="honours")
    member = models.ForeignKey(
        TeamMember,
        verbose_name="获得者（个人）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours",
    )

    objects = TeamOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉登记"
        ordering = ["-awarded_on"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.member_id and self.team_id and self.member.team_id != self.team_id:
            raise ValidationError({"member": "获得者须是本团队的志愿者。"})


class MediaItem(models.Model):
    outlet = models.CharField("媒体", max_length=60, help_text="如：《银潮》《中国老年报》、学习强国。")
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    published_on = models.DateField("刊发日期")
    title = models.CharField("标题", max_length=150)
    link = models.URLField("链接", blank=True)
    file = models.FileField("文件", upload_to="volunteers/media/", blank=True)
    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="media_items")

    objects = TeamOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "媒体报道"
        verbose_name_plural = "媒体报道登记"
        ordering = ["-published_on"]

    def __str__(self):
        return self.title


class StarAward(models.Model):
    """A star level reached on confirmed hours, publicly noticed for 5 working days before
    it is awarded (N-V6); objections during the notice withdraw it."""

    NOTICE = "notice"
    AWARDED = "awarded"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [(NOTICE, "公示中"), (AWARDED, "已评定"), (WITHDRAWN, "已撤回")]

    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.CASCADE, related_name="star_awards")
    level = models.ForeignKey(StarLevel, verbose_name="星级", on_delete=models.PROTECT)
    hours = models.DecimalField("确认时长（小时）", max_digits=8, decimal_places=1)
    notice_start = models.DateField("公示开始")
    notice_end = models.DateField("公示截止")
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default=NOTICE)
    awarded_on = models.DateField("评定日期", null=True, blank=True)
    note = models.CharField("异议或撤回原因", max_length=200, blank=True)

    objects = MemberScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "星级评定"
        verbose_name_plural = "星级评定与公示"
        ordering = ["-notice_start"]
        unique_together = [("member", "level")]

    def __str__(self):
        return f"{self.member.person} · {self.level.name}"
