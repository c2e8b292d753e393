from django.db import models
from simple_history.models import HistoricalRecords

from apps.accounts.scopes import scope_filter
from apps.core import crypto
from apps.core.brands import person_scope
from apps.core.masking import mask_address, mask_id_number, mask_phone
from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType, Sex


class PersonQuerySet(models.QuerySet):
    def for_user(self, user):
        """District staff see their region's people; a user scoped to an organisation or a
        team whom the brands let in (``person_scopes`` in each ``brand.py``: a secretary the
        members of their organisation, current or past; a team leader their team's members)."""
        return scope_filter(
            self, user, region="region", organisation=person_scope("organisation"), team=person_scope("team")
        )

    def search(self, term: str):
        """Name, pinyin, initials, or an exact ID number (by its keyed hash)."""
        from apps.core.validators import normalize_id_number

        term = (term or "").strip()
        if not term:
            return self
        normalized = normalize_id_number(term)
        if len(normalized) == 18:
            return self.filter(id_number_hash=crypto.search_hash(normalized))
        lowered = term.lower()
        return self.filter(
            models.Q(name__contains=term)
            | models.Q(name_pinyin__startswith=lowered)
            | models.Q(name_initials__startswith=lowered)
        )


class Person(models.Model):
    """One retired cadre, shared by every brand: Party member, volunteer, service recipient.

    The ID number is stored encrypted (``id_number_encrypted``) with a keyed hash
    (``id_number_hash``) for exact search and uniqueness; read it through ``id_number``.
    Write through ``apps.people.services``, which keeps the pinyin columns in step.
    """

    name = models.CharField("姓名", max_length=40, db_index=True)
    name_pinyin = models.CharField("姓名拼音", max_length=120, blank=True, db_index=True, editable=False)
    name_initials = models.CharField("拼音首字母", max_length=40, blank=True, db_index=True, editable=False)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    id_number_encrypted = models.TextField("身份证号（密文）", blank=True, editable=False)
    id_number_hash = models.CharField(
        "身份证号检索摘要",
        max_length=64,
        unique=True,
        editable=False,
        error_messages={"unique": "该身份证号已登记，请勿重复录入。"},
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("居住地址", max_length=200, blank=True)
    retirement_type = models.CharField("离退休类型", max_length=10, choices=RetirementType.choices)
    retired_on = models.DateField("离退休时间", null=True, blank=True)
    former_unit = models.CharField("原工作单位", max_length=100, blank=True)
    former_rank = models.CharField("原职级", max_length=20, choices=Rank.choices, default=Rank.OTHER)
    health = models.CharField("健康状况", max_length=10, choices=Health.choices, default=Health.GOOD)
    living = models.CharField("居住情况", max_length=10, choices=Living.choices, default=Living.WITH_SPOUSE)
    is_disabled = models.BooleanField("残疾", default=False)
    emergency_contact = models.CharField("紧急联系人", max_length=40, blank=True)
    emergency_phone = models.CharField("紧急联系电话", max_length=20, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="people"
    )
    status = models.CharField("状态", max_length=10, choices=PersonStatus.choices, default=PersonStatus.LIVING)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["id_number_encrypted"])

    class Meta:
        verbose_name = "老干部"
        verbose_name_plural = "老干部人员库"
        ordering = ["region__sort_order", "name_pinyin", "id"]
        permissions = [("view_sensitive_person", "查看完整敏感个人信息")]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self):
        return self.name

    # -- the ID number, decrypted on demand -------------------------------------------
    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)

    @property
    def age(self) -> int:
        from django.utils import timezone

        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))
