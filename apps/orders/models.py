"""绿扬霞光 · 四单服务: 群众点单 → 中心派单 → 队伍接单 → 服务 → 群众评单.

Generic on purpose: the categories are data, the provider is a volunteer team, so other
door services (牵手夕阳's 家政清洁、心理咨询 …) run the same loop. Every write goes
through ``apps.orders.services``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.orders.choices import DEFAULT_STEP_DAYS, EntrySource, EventKind, OrderOrigin, OrderStatus, Step


class ServiceCategory(models.Model):
    """A menu entry of the service list (政策宣讲、家政清洁 …): the same for the whole city."""

    name = models.CharField("服务类别", max_length=30, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
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


class StepDeadline(models.Model):
    """How many working days each step of the loop may take (shared calendar)."""

    step = models.CharField("环节", max_length=10, choices=Step.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        "时限（工作日）", validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    objects = CityWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "环节时限"
        verbose_name_plural = "环节时限"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_step_display()}：{self.working_days}个工作日"

    @classmethod
    def days(cls) -> dict[str, int]:
        """Every step's working days (the defaults where a row is missing); one query."""
        found = dict(cls.objects.values_list("step", "working_days"))
        return {step: found.get(step, default) for step, default in DEFAULT_STEP_DAYS.items()}


def _team_scope(team_id: int) -> models.Q:
    # A team sees the orders it serves and those it entered for an elder.
    return models.Q(team_id=team_id) | models.Q(entered_by_team_id=team_id)


class ServiceOrderQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region", team=_team_scope)


class ServiceOrder(models.Model):
    number = models.CharField("工单编号", max_length=20, unique=True, editable=False)
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类别", on_delete=models.PROTECT)
    requester_person = models.ForeignKey(
        "people.Person",
        verbose_name="点单人（人员库）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_orders",
        help_text="老干部请从人员库选择；其他老人填写下方姓名。",
    )
    requester_name = models.CharField("点单人姓名", max_length=30, blank=True)
    requester_phone = models.CharField("联系电话", max_length=20, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("服务地点", max_length=200)
    content = models.TextField("服务需求", max_length=1000)
    wanted_by = models.DateField("希望完成日期")
    source = models.CharField("录入方式", max_length=10, choices=EntrySource.choices, default=EntrySource.STAFF)
    entered_by_team = models.ForeignKey(
        "volunteers.Team",
        verbose_name="代录团队",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.CharField(
        "业务来源", max_length=10, choices=OrderOrigin.choices, default=OrderOrigin.FOUR_ORDERS, blank=True
    )
    status = models.CharField("状态", max_length=12, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED)
    provider = models.CharField(
        "承接服务机构",
        max_length=80,
        blank=True,
        help_text="派给志愿团队以外的服务机构（如家政公司、心理咨询机构）时填写；其接单、完成由中心代为登记",
    )
    team = models.ForeignKey(
        "volunteers.Team",
        verbose_name="承接团队",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    step_due_on = models.DateField("本环节办理期限", null=True, blank=True)
    refuse_reason = models.CharField("拒单理由（点单人可见）", max_length=200, blank=True)
    hand_back_reason = models.CharField("最近一次退单理由", max_length=200, blank=True)
    served_on = models.DateField("服务完成日期", null=True, blank=True)
    service_note = models.TextField("服务情况", max_length=1000, blank=True)
    on_time = models.BooleanField("按时办结", null=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        "满意度（1–5星）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evaluation_comment = models.CharField("评价意见", max_length=300, blank=True)
    submitted_at = models.DateTimeField("点单时间", auto_now_add=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ServiceOrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "服务工单"
        verbose_name_plural = "服务工单（四单）"
        ordering = ["-submitted_at"]
        permissions = [
            ("dispatch_serviceorder", "中心派单、拒单"),
            ("accept_serviceorder", "队伍接单、退单、完成服务"),
            ("evaluate_serviceorder", "登记群众评单"),
        ]
        indexes = [models.Index(fields=["status", "step_due_on"]), models.Index(fields=["region", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="orders_satisfaction_1_5",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.category}"

    @property
    def requester(self) -> str:
        return self.requester_person.name if self.requester_person_id else self.requester_name


class OrderNumber(models.Model):
    """The last order number given in a year (the row is locked while a number is taken)."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "工单编号序列"
        verbose_name_plural = "工单编号序列"

    def __str__(self):
        return f"{self.year}年：{self.last}"


class OrderEvent(models.Model):
    """One step of an order's journey: who did what, when, with what reason, and whether
    the step was done within its deadline."""

    order = models.ForeignKey(ServiceOrder, verbose_name="工单", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("环节", max_length=10, choices=EventKind.choices)
    team = models.ForeignKey(
        "volunteers.Team", verbose_name="团队", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("理由/说明", max_length=300, blank=True)
    due_on = models.DateField("环节期限", null=True, blank=True)
    late = models.BooleanField("超期办理", default=False)
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "工单流转记录"
        verbose_name_plural = "工单流转记录"
        ordering = ["order", "at", "pk"]

    def __str__(self):
        return f"{self.order.number} {self.get_kind_display()}"
