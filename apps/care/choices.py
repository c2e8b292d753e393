from django.db import models


class VisitType(models.TextChoices):
    BIRTHDAY = "birthday", "生日看望"
    HOSPITAL = "hospital", "住院看望"
    FESTIVAL = "festival", "节日慰问"
    DAILY = "daily", "日常走访"
    RELOCATED = "relocated", "易地安置人员慰问"
    CONDOLENCE = "condolence", "吊唁慰问"
    SURVIVOR = "survivor", "遗属慰问"


# Visits to the family after a death: the only records that may be dated after it.
AFTER_DEATH_TYPES = {VisitType.CONDOLENCE, VisitType.SURVIVOR}


class TaskStatus(models.TextChoices):
    OPEN = "open", "待看望"
    DONE = "done", "已看望"
    CLOSED = "closed", "已关闭"


class TreatmentKind(models.TextChoices):
    POLITICAL = "political", "政治待遇"
    LIVING = "living", "生活待遇"


class AidSource(models.TextChoices):
    BUREAU = "bureau", "市老干部局"
    DISTRICT = "district", "区县老干部部门"
    FORMER_UNIT = "former_unit", "原工作单位"


class AidStatus(models.TextChoices):
    SUBMITTED = "submitted", "已申请"
    ELIGIBLE = "eligible", "资格审核通过"
    INELIGIBLE = "ineligible", "资格审核未通过"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    PAID = "paid", "已发放"


AID_OPEN = {AidStatus.SUBMITTED, AidStatus.ELIGIBLE, AidStatus.APPROVED}
AID_COUNTED = {AidStatus.APPROVED, AidStatus.PAID}  # amounts that count towards the cap


class ModificationStage(models.TextChoices):
    ASSESSED = "assessed", "已评估"
    APPROVED = "approved", "已审批"
    NOTICE = "notice", "公示中"
    WORKS = "works", "施工中"
    ACCEPTED = "accepted", "已验收"
    FOLLOWED_UP = "followed_up", "已回访"


class PointKind(models.TextChoices):
    """四就近: 就近学习、就近活动、就近得到关心照顾、就近发挥作用."""

    STUDY = "study", "就近学习"
    ACTIVITY = "activity", "就近活动"
    CARE = "care", "就近关心照顾"
    CONTRIBUTION = "contribution", "就近发挥作用"


# The door services of 牵手夕阳 (seed part 三): categories of the one 四单 loop (apps.orders).
DOOR_CATEGORIES = ["家政清洁", "心理咨询", "权益保护", "休闲旅游"]
