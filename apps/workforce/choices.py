from django.db import models


class RankBand(models.TextChoices):
    """干部教育培训工作条例 art. 14 distinguishes two bands."""

    TOWNSHIP = "township", "乡科级及以下"
    COUNTY = "county", "县处级及以上"


class TrainingType(models.TextChoices):
    """干部教育培训工作条例 (2023) art. 13."""

    THEORY = "theory", "党的理论教育和党性教育专题培训"
    ROTATION = "rotation", "集中轮训"
    INITIAL = "initial", "初任培训"
    APPOINTMENT = "appointment", "任职培训"
    IN_SERVICE = "in_service", "在职培训"
    OTHER = "other", "其他"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "在训"
    COMPLETED = "completed", "已结业"
    WITHDRAWN = "withdrawn", "已退学"


class OutsideKind(models.TextChoices):
    UPPER = "upper", "上级调训"
    EXTERNAL = "external", "外单位组织培训"
    SELF_STUDY = "self_study", "个人自学"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成待验收"
    VERIFIED = "verified", "已验收待复签"
    CLOSED = "closed", "已销号"


class RectificationClass(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期坚持"


class RecheckResult(models.TextChoices):
    SCHEDULED = "scheduled", "待回头看"
    PASSED = "passed", "巩固良好"
    RELAPSED = "relapsed", "问题反弹"


class RuleArea(models.TextChoices):
    """行政事业单位内部控制规范: unit level plus the six business areas."""

    UNIT = "unit", "单位层面"
    BUDGET = "budget", "预算业务"
    REVENUE = "revenue", "收支业务"
    PROCUREMENT = "procurement", "政府采购"
    ASSETS = "assets", "资产管理"
    CONSTRUCTION = "construction", "建设项目"
    CONTRACT = "contract", "合同管理"


class ContactKind(models.TextChoices):
    DISTRICT = "district", "县（市、区）"
    BRANCH = "branch", "离退休干部党支部"
    TEAM = "team", "志愿服务队"
    UNIT = "unit", "其他单位"


class IssueStatus(models.TextChoices):
    OPEN = "open", "待交办"
    TASK = "task", "已交办"
    CLOSED = "closed", "已办结"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"


class AwardGrade(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"


class ConversionStatus(models.TextChoices):
    NONE = "none", "未转化"
    CONVERTING = "converting", "转化中"
    CONVERTED = "converted", "已转化"
