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
    AllianceKind,
    CertificateStatus,
    CorrectionChannel,
    CorrectionKind,
    CorrectionStatus,
    EvaluationKind,
    EvaluationRating,
    HealthDeclaration,
    Intensity,
    Level,
    MemberStatus,
    ObjectionStatus,
    RecordSource,
    RecordStatus,
    RuleKind,
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


class TeamScopedQuerySet(models.QuerySet):
    """Rows that belong to the team at ``team_path``: in the scope of a user of that team's
    region, of its partner Party branch (or an organisation above it), or of the team.
    Each kind of row names its own path in a two-line subclass."""

    team_path = "team"

    def for_user(self, user):
        path = self.team_path
        return scope_filter(self, user, region=f"{path}__region", organisation=f"{path}__partner_branch", team=path)


def _user_field(label: str) -> models.ForeignKey:
    """Who did a step (a staff account): kept when the account goes, no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


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
    consent_by = _user_field("代为录入人")
    consent_note = models.CharField(
        "同意方式", max_length=100, blank=True, help_text="67号令第6条：由团队代为录入须经志愿者本人同意。"
    )

    objects = TeamScopedQuerySet.as_manager()
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
    campaign = models.ForeignKey(
        "volunteers.Campaign",
        verbose_name="专项行动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="如：文明有我·银耀扬城。",
    )
    intensity = models.CharField("体力强度", max_length=10, choices=Intensity.choices, default=Intensity.LIGHT)
    risk_notice = models.TextField("风险提示", help_text="《志愿服务条例》第12条：招募时须如实说明可能的风险。")
    needs_insurance = models.BooleanField("须购买意外保险", default=False, help_text="条例第17条。")
    person_in_charge = models.ForeignKey(
        "people.Person", verbose_name="活动负责人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_due_on = models.DateField("记录截止日", editable=False, null=True)
    # The team leader's form carries a token: the same form sent twice (a double tap, a retry)
    # makes one activity (``services.activity_save``).
    client_token = models.UUIDField("提交标识", null=True, blank=True, unique=True, editable=False)
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


class ActivityScopedQuerySet(TeamScopedQuerySet):
    team_path = "activity__team"


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
    reviewed_by = _user_field("确认人")
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
class MemberScopedQuerySet(TeamScopedQuerySet):
    team_path = "member__team"


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
    accepted_by = _user_field("受理人")
    issued_by = _user_field("开具人")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)
    # 民发〔2015〕149号: published inside the unit (≥ 7 days, ``RecordRule``) before registered.
    notice_start = models.DateField("公示开始", null=True, blank=True)
    notice_end = models.DateField("公示截止", null=True, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)

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

    objects = TeamScopedQuerySet.as_manager()
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

    objects = TeamScopedQuerySet.as_manager()
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


# ---------------------------------------------------------------------------
# Deadlines as data
# ---------------------------------------------------------------------------
DEFAULT_RULE_DAYS = {RuleKind.CORRECTION: 10, RuleKind.CERTIFICATE_NOTICE: 7, RuleKind.OMISSION: 90}
# A missing record may be asked for up to a year after the activity; the other deadlines 60 days.
MAX_RULE_DAYS = {RuleKind.OMISSION: 366}
MIN_CERTIFICATE_NOTICE_DAYS = 7


class RecordRule(models.Model):
    """A deadline the bureau may change: working days to handle a correction request
    (67号令 art. 13), days a certificate is published before it is registered (≥ 7), days
    after an activity a volunteer may still ask for a missing record (art. 13)."""

    kind = models.CharField("事项", max_length=20, choices=RuleKind.choices, unique=True)
    days = models.PositiveSmallIntegerField("天数")

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "记录与证明时限"
        verbose_name_plural = "记录与证明时限"
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.days}"

    def clean(self):
        most = MAX_RULE_DAYS.get(self.kind, 60)
        if not 1 <= (self.days or 0) <= most:
            raise ValidationError({"days": f"天数须在 1 至 {most} 之间。"})
        if self.kind == RuleKind.CERTIFICATE_NOTICE and self.days < MIN_CERTIFICATE_NOTICE_DAYS:
            raise ValidationError({"days": "证明公示期不得少于 7 日（民发〔2015〕149号）。"})

    @classmethod
    def days_for(cls, kind: str) -> int:
        """The rule's days (the default when the row is missing); one query."""
        found = cls.objects.filter(kind=kind).values_list("days", flat=True).first()
        return found if found is not None else DEFAULT_RULE_DAYS[kind]


# ---------------------------------------------------------------------------
# Training and evaluation records (67号令 art. 8, 10)
# ---------------------------------------------------------------------------
class MemberRecord(models.Model):
    """What a volunteer's training and evaluation records share: scoped through his team,
    newest first, found by volunteer and date, each change kept. A record names its own
    ``member`` (with its reverse name) and ``date`` (with its label)."""

    objects = MemberScopedQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["member", "date"])]


class TrainingRecord(MemberRecord):
    """培训名称、主要内容、学习时长、举办单位、日期 (67号令 art. 8)."""

    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField("培训名称", max_length=100)
    content = models.TextField("主要内容")
    hours = models.DecimalField("学习时长（小时）", max_digits=5, decimal_places=1)
    organiser = models.CharField("举办单位", max_length=100)
    date = models.DateField("培训日期")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta(MemberRecord.Meta):
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"

    def __str__(self):
        return f"{self.member.person} · {self.name}"


class EvaluationRecord(MemberRecord):
    """服务质量评价 with its date (67号令 art. 10), or a complaint, with who made it and the
    result; may come from the people served."""

    member = models.ForeignKey(TeamMember, verbose_name="志愿者", on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField("类型", max_length=12, choices=EvaluationKind.choices, default=EvaluationKind.EVALUATION)
    activity = models.ForeignKey(
        Activity, verbose_name="所涉活动", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluator = models.CharField("评价人/投诉人", max_length=60, help_text="如：服务对象、社区居委会、团队。")
    date = models.DateField("评价日期")
    rating = models.CharField("服务质量评价", max_length=10, choices=EvaluationRating.choices, blank=True)
    content = models.TextField("评价内容/投诉事由")
    result = models.CharField("处理结果", max_length=200, blank=True, help_text="投诉须登记核实处理结果。")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta(MemberRecord.Meta):
        verbose_name = "评价与投诉记录"
        verbose_name_plural = "评价与投诉记录"

    def __str__(self):
        return f"{self.member.person} · {self.get_kind_display()} · {self.date:%Y-%m-%d}"


# ---------------------------------------------------------------------------
# 涉老社团联盟 and 联席会议
# ---------------------------------------------------------------------------
class RegionOrCityQuerySet(models.QuerySet):
    """Rows of one region, or of the whole city (no region): a district sees its own and the
    city's; a Party organisation or a team sees the city's only."""

    def for_user(self, user):
        from apps.accounts.choices import ScopeKind

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.scope_kind == ScopeKind.CITY:
            return self
        if user.scope_kind == ScopeKind.REGION and user.scope_region_id:
            return self.filter(models.Q(region__isnull=True) | models.Q(region_id=user.scope_region_id))
        return self.filter(region__isnull=True)


class AllianceMember(models.Model):
    name = models.CharField("组织名称", max_length=100, unique=True)
    kind = models.CharField("组织类别", max_length=12, choices=AllianceKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="不填为市级。",
    )
    contact_person = models.CharField("联系人", max_length=40)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    joined_on = models.DateField("加入联盟时间")
    left_on = models.DateField("退出联盟时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = RegionOrCityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "涉老社团联盟成员"
        verbose_name_plural = "涉老社团联盟成员"
        ordering = ["joined_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from apps.core.validators import validate_not_future

        errors = {}
        for field, label in (("joined_on", "加入联盟时间"), ("left_on", "退出联盟时间")):
            try:
                validate_not_future(getattr(self, field), label=label)
            except ValidationError as exc:
                errors[field] = exc.messages
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = "退出时间不能早于加入时间。"
        if errors:
            raise ValidationError(errors)

    def member_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class JointMeeting(models.Model):
    """联席会议 minutes: date, place, attendees (alliance members and staff), topics,
    decisions; follow-up items with owner and a working-day deadline."""

    title = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="不填为市级联席会议。",
    )
    alliance_attendees = models.ManyToManyField(
        AllianceMember, verbose_name="参会联盟成员", blank=True, related_name="meetings"
    )
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参会工作人员", blank=True, related_name="+"
    )
    other_attendees = models.CharField("其他参会人员", max_length=200, blank=True)
    topics = models.TextField("会议议题")
    decisions = models.TextField("议定事项")
    recorder = models.CharField("记录人", max_length=40, blank=True)

    objects = RegionOrCityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[alliance_attendees, staff_attendees])

    class Meta:
        verbose_name = "联席会议纪要"
        verbose_name_plural = "联席会议纪要"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self):
        from apps.core.validators import validate_not_future

        try:
            validate_not_future(self.held_on, label="会议日期")
        except ValidationError as exc:
            raise ValidationError({"held_on": exc.messages}) from exc


def _name_attendance(field, label: str) -> None:
    """The attendance links Django creates for a many-to-many field are listed on a delete
    confirmation: give them a Chinese name and a readable text."""
    through = field.through
    through._meta.verbose_name = through._meta.verbose_name_plural = label

    def text(link):
        return " · ".join(str(getattr(link, f.name)) for f in link._meta.fields if f.is_relation)

    through.__str__ = text


_name_attendance(JointMeeting.alliance_attendees, "参会联盟成员")
_name_attendance(JointMeeting.staff_attendees, "参会工作人员")


class FollowUpQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(meeting__in=JointMeeting.objects.for_user(user))


class FollowUpItem(models.Model):
    meeting = models.ForeignKey(JointMeeting, verbose_name="联席会议", on_delete=models.CASCADE, related_name="items")
    task = models.CharField("落实事项", max_length=200)
    owner = models.CharField("责任单位/责任人", max_length=60)
    working_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=10)
    due_on = models.DateField("截止日期", editable=False, null=True)
    done_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=200, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "会议落实事项"
        verbose_name_plural = "会议落实事项"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.task

    def overdue_on(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


# ---------------------------------------------------------------------------
# Special campaigns (专项行动)
# ---------------------------------------------------------------------------
class Campaign(models.Model):
    """A special campaign (e.g. 文明有我·银耀扬城) groups activities; its person-times are the
    confirmed service records of its activities."""

    name = models.CharField("专项行动名称", max_length=60, unique=True)
    organiser = models.CharField("牵头单位", max_length=100, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="不填为全市专项行动。",
    )
    starts_on = models.DateField("开始日期", null=True, blank=True)
    ends_on = models.DateField("结束日期", null=True, blank=True)
    description = models.TextField("行动内容", blank=True)

    objects = RegionOrCityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


# ---------------------------------------------------------------------------
# Correction requests (67号令 art. 12–13)
# ---------------------------------------------------------------------------
class CorrectionQuerySet(TeamScopedQuerySet):
    team_path = "member__team"


class CorrectionRequest(models.Model):
    """A volunteer (or his team leader for him) asks to correct a service record that is
    wrong, or to add one that is missing (67号令 art. 13: 记录有误或者遗漏); the team
    accepts (the record changed, or created, through the service) or refuses with a
    reason, by a working-day deadline (``RecordRule``). A missing record's request names
    the activity; once accepted it points at the record created."""

    kind = models.CharField("类型", max_length=10, choices=CorrectionKind.choices, default=CorrectionKind.RECORD)
    # Blank in forms: a wrong record's request takes the record's volunteer (the service).
    member = models.ForeignKey(
        TeamMember, verbose_name="志愿者", blank=True, on_delete=models.CASCADE, related_name="corrections"
    )
    record = models.ForeignKey(
        ServiceRecord,
        verbose_name="服务记录",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="遗漏记录的活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="omission_requests",
    )
    channel = models.CharField("申请方式", max_length=10, choices=CorrectionChannel.choices)
    description = models.TextField("更正事项", help_text="哪里有误或遗漏，应当如何更正。")
    proposed_hours = models.DecimalField("申请更正为（小时）", max_digits=4, decimal_places=1, null=True, blank=True)
    requested_on = models.DateField("申请日期")
    due_on = models.DateField("办理截止日期")
    requested_by = _user_field("登记人")
    status = models.CharField("状态", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    old_hours = models.DecimalField("原时长（小时）", max_digits=4, decimal_places=1, null=True, blank=True)
    new_hours = models.DecimalField("更正后时长（小时）", max_digits=4, decimal_places=1, null=True, blank=True)
    refuse_reason = models.CharField("不予更正的理由", max_length=200, blank=True)
    handled_by = _user_field("办理人")
    handled_on = models.DateField("办理日期", null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务记录更正申请"
        verbose_name_plural = "服务记录更正申请"
        ordering = ["status", "due_on", "pk"]

    def __str__(self):
        if self.kind == CorrectionKind.OMITTED and self.record_id is None:
            return f"补记申请 · {self.member.person} · {self.activity}"
        return f"更正申请 · {self.record}"

    def clean(self):
        if self.kind == CorrectionKind.RECORD and self.record_id is None:
            raise ValidationError({"record": "请选择需要更正的服务记录。"})
        if self.kind == CorrectionKind.OMITTED and self.activity_id is None:
            raise ValidationError({"activity": "请选择遗漏记录的活动。"})
        if self.kind == CorrectionKind.OMITTED and self.member_id is None:
            raise ValidationError({"member": "请选择志愿者。"})

    @property
    def subject(self):
        """The activity the request is about: the record's, or the missing record's."""
        return self.activity if self.activity_id else self.record.activity

    def overdue_on(self, today: datetime.date) -> bool:
        return self.status == CorrectionStatus.OPEN and self.due_on < today


# ---------------------------------------------------------------------------
# Objections during a certificate's notice
# ---------------------------------------------------------------------------
class ObjectionQuerySet(TeamScopedQuerySet):
    team_path = "certificate__member__team"


class CertificateObjection(models.Model):
    certificate = models.ForeignKey(
        Certificate, verbose_name="证明", on_delete=models.CASCADE, related_name="objections"
    )
    raised_on = models.DateField("提出日期")
    raised_by = models.CharField("异议人", max_length=60)
    content = models.TextField("异议内容")
    status = models.CharField("状态", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    resolution = models.CharField("核实结果", max_length=200, blank=True)
    resolved_by = _user_field("核实人")
    resolved_on = models.DateField("核实日期", null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "证明公示异议"
        verbose_name_plural = "证明公示异议"
        ordering = ["-raised_on", "-pk"]

    def __str__(self):
        return f"{self.certificate} · {self.raised_by}"
