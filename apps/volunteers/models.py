"""绿扬霞光: retired cadres' volunteer teams."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import scope_filter


class TeamQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="region", organisation="partner_branch", team="pk")


class Team(models.Model):
    name = models.CharField("团队名称", max_length=100, unique=True)
    brand_name = models.CharField("服务品牌", max_length=50, blank=True)
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
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "志愿服务团队"
        verbose_name_plural = "志愿服务团队"
        ordering = ["region__sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from apps.core.validators import validate_not_future

        try:
            validate_not_future(self.founded_on, label="成立时间")
        except ValidationError as exc:
            raise ValidationError({"founded_on": exc.messages}) from exc


class TeamMemberQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_filter(self, user, region="team__region", organisation="team__partner_branch", team="team")


class TeamMember(models.Model):
    team = models.ForeignKey(Team, verbose_name="团队", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", verbose_name="队员", on_delete=models.PROTECT, related_name="team_memberships"
    )
    joined_on = models.DateField("加入时间")
    active = models.BooleanField("在队", default=True)

    objects = TeamMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "团队队员"
        verbose_name_plural = "团队队员"
        unique_together = [("team", "person")]
        ordering = ["team", "joined_on"]

    def __str__(self):
        return f"{self.person} · {self.team}"
