from django.db import models


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在队"
    PAUSED = "paused", "暂停服务"
    LEFT = "left", "已离队"


class HealthDeclaration(models.TextChoices):
    """The volunteer's own statement of what he can do (条例 art. 15)."""

    GOOD = "good", "身体良好，可参加各类服务"
    LIGHT_ONLY = "light_only", "宜参加轻体力服务"
    LIMITED = "limited", "仅宜参加室内、短时服务"


class ServiceMode(models.TextChoices):
    GROUP = "group", "组团式"
    PAIR = "pair", "结对式"
    ORDER = "order", "订单式"


class Intensity(models.TextChoices):
    LIGHT = "light", "轻体力"
    MODERATE = "moderate", "中等体力"
    STRENUOUS = "strenuous", "较强体力"


class SignUpStatus(models.TextChoices):
    SIGNED = "signed", "已报名"
    CANCELLED = "cancelled", "已取消"


class RecordStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回"


class RecordSource(models.TextChoices):
    MANUAL = "manual", "手工录入"
    CHECKIN = "checkin", "签到签退"
    IMPORT = "import", "表格导入"


class CertificateStatus(models.TextChoices):
    REQUESTED = "requested", "已申请"
    ACCEPTED = "accepted", "已受理"
    ISSUED = "issued", "已开具"
    REVOKED = "revoked", "已撤销"


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
