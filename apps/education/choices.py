from django.db import models


class VenueLevel(models.TextChoices):
    CITY = "city", "市级"
    DISTRICT = "district", "县（市、区）级"
    STREET = "street", "街道（乡镇）级"
    COMMUNITY = "community", "社区（村）级"


class VenueKind(models.TextChoices):
    UNIVERSITY = "university", "老年大学"
    BRANCH = "branch", "分校"
    TEACHING_POINT = "teaching_point", "教学点"
    ACTIVITY_CENTRE = "activity_centre", "活动中心"
    LEARNING_POINT = "learning_point", "学习点"


class Demonstration(models.TextChoices):
    NONE = "none", "非示范"
    MUNICIPAL = "municipal", "市级示范"
    PROVINCIAL = "provincial", "省级示范"
    NATIONAL = "national", "全国示范"


class Weekday(models.IntegerChoices):
    MON = 1, "星期一"
    TUE = 2, "星期二"
    WED = 3, "星期三"
    THU = 4, "星期四"
    FRI = 5, "星期五"
    SAT = 6, "星期六"
    SUN = 7, "星期日"


class CourseLevel(models.TextChoices):
    BEGINNER = "beginner", "初级班"
    INTERMEDIATE = "intermediate", "提高班"
    ADVANCED = "advanced", "研修班"


class AllocationMode(models.TextChoices):
    LOTTERY = "lottery", "报名截止后公开抽签"
    FIRST_COME = "first_come", "先到先得"


class WeightMode(models.TextChoices):
    EQUAL = "equal", "每份报名权重相同"
    PER_PERSON = "per_person", "按报名门数折算（权重＝1÷报名门数）"


class TermStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    OPEN = "open", "报名中"
    DRAWN = "drawn", "已抽签"
    CLOSED = "closed", "已结束"


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", "已报名待抽签"
    ADMITTED = "admitted", "已录取"
    WAITLISTED = "waitlisted", "候补中"
    OFFERED = "offered", "候补递补待确认"
    COMPLETED = "completed", "已结业"
    NOT_COMPLETED = "not_completed", "未结业"
    WITHDRAWN = "withdrawn", "已退课"
    LAPSED = "lapsed", "已失效"
    TRANSFERRED = "transferred", "已转班"


# Statuses that hold a seat of the course (Course.seats_taken counts them).
SEATED = (EnrolmentStatus.ADMITTED, EnrolmentStatus.OFFERED, EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED)
# Statuses of a live application: a person has at most one per course.
LIVE = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.ADMITTED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.OFFERED,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.NOT_COMPLETED,
)


class Channel(models.TextChoices):
    SELF = "self", "本人网上报名"
    FAMILY = "family", "家属代报"
    STAFF = "staff", "工作人员代报"


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", "未缴费"
    PAID = "paid", "已缴费"
    EXEMPT = "exempt", "免缴"
    REFUND_DUE = "refund_due", "待退费"
    REFUNDED = "refunded", "已退费"


class Relation(models.TextChoices):
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    GRANDCHILD = "grandchild", "孙辈"
    OTHER = "other", "其他亲属"


class CoverageMeasure(models.TextChoices):
    UNIVERSITY_PER_COUNTY = "university", "县（市、区）建有老年大学"
    TOWNSHIP_SCHOOL = "township", "乡镇（街道）建有老年学校的比例"
    VILLAGE_POINT = "village", "村（居）建有学习点的比例"
    PARTICIPATION = "participation", "经常性参与教育活动的老年人比例"
