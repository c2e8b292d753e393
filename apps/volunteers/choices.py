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
    # 民发〔2015〕149号: 申请 → 受理 → 开具 → 公示 (≥ 7 days inside the unit) → registered.
    ISSUED = "issued", "已开具（公示中）"
    HELD = "held", "公示异议核实中"
    REGISTERED = "registered", "已登记"
    REVOKED = "revoked", "已撤销"


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class EvaluationKind(models.TextChoices):
    """67号令 art. 10 and MZ/T 061's 评价投诉: a rating of the service, or a complaint."""

    EVALUATION = "evaluation", "服务评价"
    COMPLAINT = "complaint", "投诉"


class EvaluationRating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "较差"


class AllianceKind(models.TextChoices):
    ASSOCIATION = "association", "社会团体"
    NON_PROFIT = "non_profit", "民办非企业单位"
    FOUNDATION = "foundation", "基金会"
    COMMUNITY = "community", "社区社会组织"
    UNIVERSITY = "university", "老年大学"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACCEPTED = "accepted", "已更正"
    REFUSED = "refused", "不予更正"


class CorrectionKind(models.TextChoices):
    """67号令 art. 13: a record that is wrong, or one that is missing."""

    RECORD = "record", "记录有误"
    OMITTED = "omitted", "记录遗漏"


class CorrectionChannel(models.TextChoices):
    SELF = "self", "志愿者本人申请"
    LEADER = "leader", "团队负责人代为申请"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "核实中"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class RuleKind(models.TextChoices):
    """Deadlines kept as data (``RecordRule``)."""

    CORRECTION = "correction", "更正申请办理时限（工作日）"
    CERTIFICATE_NOTICE = "certificate_notice", "证明公示期（日，不少于7日）"
    OMISSION = "omission", "遗漏记录补记期限（活动后的日数）"
