from django.db import models


class UnitKind(models.TextChoices):
    REGION = "region", "县（市、区）"
    ORGANISATION = "organisation", "党组织（党支部）"


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    EVALUATING = "evaluating", "考评中"
    SCORED = "scored", "已计分"
    PUBLISHED = "published", "已公示"
    LOCKED = "locked", "已锁定"


class Brand(models.TextChoices):
    VANGUARD = "vanguard", "银发先锋"
    AFTERGLOW = "afterglow", "绿扬霞光"
    SUNSET = "sunset", "牵手夕阳"
    LOYAL = "loyal", "丹心向党"
    GENERAL = "general", "综合评价"


class IndicatorKind(models.TextChoices):
    AUTOMATIC = "automatic", "自动计算"
    MANUAL = "manual", "人工评分"


class ScoringMethod(models.TextChoices):
    LINEAR = "linear", "按目标线性得分"
    THRESHOLDS = "thresholds", "分档得分"
    DEDUCTION = "deduction", "按项扣分"


class Grade(models.TextChoices):
    FIRST = "first", "一等次"
    SECOND = "second", "二等次"
    THIRD = "third", "三等次"


class RunStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "计分中"
    COMPLETED = "completed", "已完成"
    FAILED = "failed", "失败"


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "手动发起"
    NIGHTLY = "nightly", "每日预计分"
    FINAL = "final", "年终计分"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待答复"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"
